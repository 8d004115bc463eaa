import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { memberActivityDaily, notifications, spaceReads } from "../../drizzle";
import { call, tools } from "../helpers";
import { dropFor, postAt, replyAt, roleCommunity, ROLES, type Role } from "./helpers";

/**
 * The community front page (/c/:slug/home): the readable spaces with unread counts and one feed of
 * threads and drops, for every role; order, pagination, unread markers and the visit record.
 */

const html = { accept: "text/html" };
let c: Awaited<ReturnType<typeof roleCommunity>>;
const MARK = { ask: "ASKMARK", news: "NEWSMARK", lounge: "LOUNGEMARK", open: "OPENDROP", core: "COREDROP", later: "LATERDROP" };
let laterDropId = "";

async function home(role: Role, query = "") {
  const res = await call(`/c/${c.community.slug}/home${query}`, { cookie: c.cookies[role], headers: html });
  return { res, text: await res.text() };
}

beforeAll(async () => {
  c = await roleCommunity();
  const { deps } = tools();
  const now = deps.now().getTime();
  await postAt(c.community, c.spaces.ask, c.emails.member!, new Date(now - 3000), { title: `How do you price? ${MARK.ask}`, body: "Asking for a friend." });
  await postAt(c.community, c.spaces.news, c.emails.owner!, new Date(now - 2000), { title: `Welcome ${MARK.news}`, body: "Hello all." });
  await postAt(c.community, c.spaces.lounge, c.emails.core!, new Date(now - 1000), { title: `Core only ${MARK.lounge}`, body: "Between us." });
  const { member, core } = c.tiers;
  await dropFor(c.community, `Open ${MARK.open}`, "body", [{ tierId: member.id, offsetHours: 0 }]);
  await dropFor(c.community, `Core ${MARK.core}`, "body", [{ tierId: core.id, offsetHours: 0 }]);
  laterDropId = (await dropFor(c.community, `Later ${MARK.later}`, "body", [{ tierId: core.id, offsetHours: 0 }, { tierId: member.id, offsetHours: 72 }])).id;
}, 120_000);

describe("who sees what on the front page", () => {
  const READS_ALL = new Set<Role>(["core", "moderator", "owner"]);
  const MEMBERS = new Set<Role>(["member", "grace", "muted"]);

  it("each role gets exactly the spaces, threads and drops it may read", async () => {
    const seen: Record<string, unknown> = {};
    const want: Record<string, unknown> = {};
    for (const role of ROLES) {
      const { res, text } = await home(role);
      const shown = (m: string) => text.includes(m);
      seen[role] = {
        status: res.status,
        ask: shown(MARK.ask),
        news: shown(MARK.news),
        lounge: shown(MARK.lounge) || text.includes(`/s/lounge"`),
        askSpace: text.includes(`/s/ask"`),
        open: shown(MARK.open),
        core: shown(MARK.core),
        laterOpen: text.includes(`/drops/${laterDropId}"`),
        teaser: text.includes(`Later ${MARK.later}</strong>`),
      };
      const reads = READS_ALL.has(role) || MEMBERS.has(role);
      want[role] = {
        status: reads || role === "lapsed" ? 200 : 303,
        ask: reads,
        news: reads,
        lounge: READS_ALL.has(role),
        askSpace: reads,
        open: reads,
        core: READS_ALL.has(role),
        laterOpen: READS_ALL.has(role),
        teaser: MEMBERS.has(role),
      };
      if (res.status === 200) expect(res.headers.get("cache-control")).toBe("private, no-store");
    }
    expect(seen).toEqual(want);
  });

  it("a lapsed member sees their standing and nothing of the community", async () => {
    const { text } = await home("lapsed");
    expect(text).toContain("access is paused");
    expect(text).not.toContain(MARK.ask);
    expect(text).not.toContain("/s/ask");
  });

  it("never shows any part of an author's email", async () => {
    const { text } = await home("owner");
    expect(text).not.toContain(c.emails.member!.split("@")[0]!);
    expect(text).not.toContain(c.emails.core!.split("@")[0]!);
  });
});

describe("unread counts", () => {
  const unreadOf = (text: string, slug: string) => {
    const m = new RegExp(`data-space="${slug}">[\\s\\S]*?</li>`).exec(text);
    const badge = m && /data-testid="unread">([^<]+)</.exec(m[0]);
    return badge ? badge[1]!.trim() : "0";
  };

  it("count others' posts and replies since the member last opened the space, and move after a space_reads upsert", async () => {
    const { deps } = tools();
    // The member wrote the ask thread: their own post is not unread; the owner's news is.
    let { text } = await home("member");
    expect(unreadOf(text, "ask")).toBe("0");
    expect(unreadOf(text, "news")).toBe("1");
    expect(unreadOf(text, "lounge")).toBe("0");
    const thread = (await deps.db.query.posts.findFirst({ where: (p, { like }) => like(p.title, `%${MARK.ask}%`) }))!;
    await replyAt(c.community, c.spaces.ask, c.emails.grace!, thread, new Date(deps.now().getTime() + 1000), "Me too");
    ({ text } = await home("member"));
    expect(unreadOf(text, "ask")).toBe("1");
    // Opening the space (what the space page does) clears it.
    await deps.db.insert(spaceReads).values({ spaceId: c.spaces.ask.id, email: c.emails.member!, lastReadAt: new Date(deps.now().getTime() + 2000) });
    ({ text } = await home("member"));
    expect(unreadOf(text, "ask")).toBe("0");
  });

  it("are capped and shown as 99+", async () => {
    const { deps } = tools();
    const at = deps.now().getTime() + 10_000;
    await deps.db.insert(spaceReads).values({ spaceId: c.spaces.news.id, email: c.emails.core!, lastReadAt: new Date(at) }).onConflictDoUpdate({ target: [spaceReads.spaceId, spaceReads.email], set: { lastReadAt: new Date(at) } });
    for (let i = 0; i < 105; i++) await postAt(c.community, c.spaces.news, c.emails.owner!, new Date(at + 1 + i), { title: `Bulletin ${i}`, body: "News." });
    const { text } = await home("core");
    expect(unreadOf(text, "news")).toBe("99+");
  });
});

describe("the visit record", () => {
  it("records one visit per member per day, in the page's own batch", async () => {
    const { deps } = tools();
    await home("muted");
    await home("muted");
    const rows = await deps.db.select().from(memberActivityDaily).where(and(eq(memberActivityDaily.communityId, c.community.id), eq(memberActivityDaily.email, c.emails.muted!)));
    expect(rows.map((r) => r.visits)).toEqual([1]);
    // Nobody outside gets a row by being turned away.
    await home("removed");
    const removed = await deps.db.select().from(memberActivityDaily).where(eq(memberActivityDaily.email, c.emails.removed!));
    expect(removed).toEqual([]);
  });
});

describe("feed order and pagination", () => {
  const idsOf = (text: string) => [...text.matchAll(/<li data-kind="(post|drop)"(?: data-post="([^"]+)")?>[\s\S]*?href="([^"]+)"/g)].map((m) => m[3]!.split("/").pop()!);
  const nextOf = (text: string) => /<a href="([^"]+)" rel="next">/.exec(text)?.[1]?.replace(/&amp;/g, "&") ?? null;

  async function walk(role: Role, first: string) {
    const seen: string[] = [];
    let path: string | null = first;
    let pages = 0;
    while (path && pages < 20) {
      const res = await call(path, { cookie: c.cookies[role], headers: html });
      const text = await res.text();
      seen.push(...idsOf(text));
      path = nextOf(text);
      pages++;
    }
    return { seen, pages };
  }

  it("walks every thread and drop exactly once, newest first, 20 a page", async () => {
    const { deps } = tools();
    const { seen, pages } = await walk("owner", `/c/${c.community.slug}/home`);
    const threads = await deps.db.query.posts.findMany({ where: (p, { and, eq, isNull }) => and(eq(p.communityId, c.community.id), isNull(p.parentId)) });
    const drops = await deps.db.query.drops.findMany({ where: (d, { eq }) => eq(d.communityId, c.community.id) });
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(threads.length + drops.length);
    expect(pages).toBe(Math.ceil(seen.length / 20));
    const at = new Map<string, number>([...threads.map((t) => [t.id, t.createdAt.getTime()] as const), ...drops.map((d) => [d.id, d.publishAt!.getTime()] as const)]);
    const times = seen.map((id) => at.get(id)!);
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it("?sort=active puts the thread with the newest reply first", async () => {
    const { deps } = tools();
    const thread = (await deps.db.query.posts.findFirst({ where: (p, { like }) => like(p.title, `%${MARK.ask}%`) }))!;
    await replyAt(c.community, c.spaces.ask, c.emails.core!, thread, new Date(deps.now().getTime() + 60_000), "Thanks!");
    const active = idsOf((await home("member", "?sort=active")).text);
    expect(active[0]).toBe(thread.id);
    const newest = idsOf((await home("member")).text);
    expect(newest[0]).not.toBe(thread.id);
    const { seen } = await walk("member", `/c/${c.community.slug}/home?sort=active`);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toContain(thread.id);
  });

  it("a topic filter shows only the drops with that topic, as before", async () => {
    const { deps } = tools();
    await deps.db.update((await import("../../drizzle")).drops).set({ topics: ["career"] }).where(eq((await import("../../drizzle")).drops.title, `Open ${MARK.open}`));
    const { text } = await home("member", "?topic=career");
    expect(text).toContain(MARK.open);
    expect(text).not.toContain(MARK.ask);
  });

  it("names authors by their application name, else Member", async () => {
    const { deps } = tools();
    const { submitApplication } = await import("../../src/applications/service");
    await submitApplication(deps, c.community, { name: "Maya Lindqvist", email: c.emails.member!, acceptRules: true, answers: {} });
    const { text } = await home("core", "?sort=active");
    expect(text).toMatch(/Maya Lindqvist · /);
    expect(text).toMatch(/Member [0-9A-Z]{4} · /);
  });
});

describe("notifications on the front page", () => {
  it("shows the member's unread notifications from spaces they may read, and none once read", async () => {
    const { deps } = tools();
    const thread = await postAt(c.community, c.spaces.ask, c.emails.member!, new Date(deps.now().getTime() - 500), { title: "Ping", body: "Anyone?" });
    const lounge = await postAt(c.community, c.spaces.lounge, c.emails.core!, new Date(deps.now().getTime() - 400), { title: "Lounge ping", body: "Core" });
    const row = (postId: string, kind: "reply" | "mention") => ({ id: `ntf_${crypto.randomUUID().slice(0, 12)}`, communityId: c.community.id, email: c.emails.member!, kind, postId, actorEmail: c.emails.core!, createdAt: deps.now() });
    await deps.db.insert(notifications).values([row(thread.id, "reply"), row(lounge.id, "mention")]);
    // The lounge notification is not counted: the member may not read that space.
    expect((await home("member")).text).toMatch(/data-testid="unread-notifications">1</);
    await deps.db.update(notifications).set({ readAt: deps.now() }).where(eq(notifications.email, c.emails.member!));
    expect((await home("member")).text).not.toContain('data-testid="unread-notifications"');
  });
});
