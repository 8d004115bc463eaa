import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { bans, memberships, mutes, pollOptions, posts } from "../../drizzle";
import { submitApplication } from "../../src/applications/service";
import { setStaffRole } from "../../src/communities/service";
import { call, signIn, tools } from "../helpers";
import { api } from "../api/helpers";
import { OWNER, post, spaceCommunity } from "./helpers";

/**
 * The access matrix for the space's exits (space page, thread page, file download, API thread
 * list, API thread, posting, reacting, voting) x every role. Rows are set up directly (standing,
 * bans, mutes) instead of through Checkout; the access decision reads exactly these rows.
 * Every "no" is also checked to leak nothing: the post's marker is absent from the response.
 */

const ROLES = ["visitor", "applicant", "member", "core", "grace", "lapsed", "removed", "banned", "muted", "moderator", "owner"] as const;
type Role = (typeof ROLES)[number];
const READS_ASK: Role[] = ["member", "core", "grace", "muted", "moderator", "owner"];
const READS_LOUNGE: Role[] = ["core", "moderator", "owner"];
const WRITES_ASK: Role[] = ["member", "core", "grace", "moderator", "owner"];
const html = { accept: "text/html" };
const DAY = 86_400_000;

describe("space access matrix", { timeout: 120_000 }, () => {
  let s: Awaited<ReturnType<typeof spaceCommunity>>;
  const cookies = {} as Record<Role, string | undefined>;
  const marker = { ask: `ASK-${crypto.randomUUID()}`, lounge: `LOUNGE-${crypto.randomUUID()}`, file: `FILE-${crypto.randomUUID()}` };
  let askThread: string;
  let loungeThread: string;
  let fileUrl: string;
  let pollOption: string;

  beforeAll(async () => {
    s = await spaceCommunity({ members: 8, core: 1 });
    const { deps } = tools();
    const now = deps.now().getTime();
    const who: Record<Role, string | null> = {
      visitor: null,
      applicant: "applicant@example.com",
      member: s.member1,
      core: s.coreMember(1),
      grace: s.member(2),
      lapsed: s.member(3),
      removed: s.member(4),
      banned: s.member(5),
      muted: s.member(6),
      moderator: "moderator@example.com",
      owner: OWNER,
    };
    const standing = (email: string, set: Partial<typeof memberships.$inferInsert>) => deps.db.update(memberships).set(set).where(and(eq(memberships.communityId, s.community.id), eq(memberships.email, email)));
    await standing(who.grace!, { status: "past_due", pastDueSince: new Date(now - DAY) });
    await standing(who.lapsed!, { status: "past_due", pastDueSince: new Date(now - 30 * DAY) });
    await standing(who.removed!, { status: "removed", endedAt: new Date(now - DAY), endedReason: "Spam" });
    await deps.db.insert(bans).values({ communityId: s.community.id, email: who.banned!, reason: "Abuse", actor: OWNER, createdAt: new Date(now) });
    await deps.db.insert(mutes).values({ communityId: s.community.id, email: who.muted!, until: null, reason: "Cool off", actor: OWNER, createdAt: new Date(now) });
    await setStaffRole(deps, s.community.id, who.moderator!, "moderator");
    await submitApplication(deps, s.community, { name: "Applicant", email: who.applicant!, acceptRules: true, answers: {} });
    for (const role of ROLES) cookies[role] = who[role] ? await signIn(who[role]!) : undefined;

    // A thread with a PDF, posted through the page form (the R2 path with its checks).
    const form = new FormData();
    form.set("title", "Open question");
    form.set("body", `${marker.ask} is in the body`);
    form.set("option1", "Yes");
    form.set("option2", "No");
    form.set("file", new File([`%PDF-1.4 ${marker.file}`], "notes.pdf", { type: "application/pdf" }));
    const res = await call(`/c/${s.community.slug}/s/ask/posts`, { method: "POST", body: form, cookie: cookies.member });
    expect(res.status, await res.clone().text()).toBe(303);
    askThread = res.headers.get("location")!.split("/").pop()!;
    const page = await (await call(`/c/${s.community.slug}/s/ask/t/${askThread}`, { cookie: cookies.member, headers: html })).text();
    fileUrl = /href="([^"]+\/files\/pfile_[^"]+)"/.exec(page)![1]!;
    pollOption = (await deps.db.select().from(pollOptions).where(eq(pollOptions.postId, askThread)))[0]!.id;
    loungeThread = (await post(s.community, s.spaces.lounge, s.coreMember(1), { title: "Core only", body: `${marker.lounge} stays in the lounge` })).id;
  });

  async function seen(path: string, role: Role, secret: string, opts: { api?: boolean } = {}): Promise<number> {
    const res = opts.api ? await api(path, { auth: cookies[role] }) : await call(path, { cookie: cookies[role], headers: html });
    const text = await res.text();
    if (res.status !== 200) expect(text, `${role} ${path}`).not.toContain(secret);
    else expect(res.headers.get("cache-control")).toContain("no-store");
    return res.status;
  }

  const expected = (readers: Role[], role: Role, denied: number, visitor: number) => (readers.includes(role) ? 200 : role === "visitor" ? visitor : denied);

  it("space page: readers 200, visitors to sign-in, everyone else 404", async () => {
    for (const role of ROLES) {
      expect(await seen(`/c/${s.community.slug}/s/ask`, role, marker.ask), `ask ${role}`).toBe(expected(READS_ASK, role, 404, 303));
      expect(await seen(`/c/${s.community.slug}/s/lounge`, role, marker.lounge), `lounge ${role}`).toBe(expected(READS_LOUNGE, role, 404, 303));
    }
  });

  it("thread page and file download", async () => {
    for (const role of ROLES) {
      expect(await seen(`/c/${s.community.slug}/s/ask/t/${askThread}`, role, marker.ask), `ask thread ${role}`).toBe(expected(READS_ASK, role, 404, 303));
      expect(await seen(`/c/${s.community.slug}/s/lounge/t/${loungeThread}`, role, marker.lounge), `lounge thread ${role}`).toBe(expected(READS_LOUNGE, role, 404, 303));
      // The lounge thread through the open space's address is no way around the rule.
      expect(await seen(`/c/${s.community.slug}/s/ask/t/${loungeThread}`, role, marker.lounge), `lounge via ask ${role}`).toBe(role === "visitor" ? 303 : 404);
      const file = await call(fileUrl, { cookie: cookies[role] });
      const body = new TextDecoder().decode(await file.arrayBuffer());
      expect(file.status, `file ${role}`).toBe(expected(READS_ASK, role, 404, 303));
      if (file.status === 200) {
        expect(body).toContain(marker.file);
        expect(file.headers.get("content-disposition")).toMatch(/^attachment;/);
      } else expect(body).not.toContain(marker.file);
    }
  });

  it("API: thread lists and threads", async () => {
    for (const role of ROLES) {
      const base = `/communities/${s.community.slug}/spaces`;
      expect(await seen(`${base}/ask/threads`, role, marker.ask, { api: true }), `api ask ${role}`).toBe(expected(READS_ASK, role, 404, 401));
      expect(await seen(`${base}/ask/threads/${askThread}`, role, marker.ask, { api: true }), `api ask thread ${role}`).toBe(expected(READS_ASK, role, 404, 401));
      expect(await seen(`${base}/lounge/threads/${loungeThread}`, role, marker.lounge, { api: true }), `api lounge ${role}`).toBe(expected(READS_LOUNGE, role, 404, 401));
      const list = await api(base, { auth: cookies[role] });
      const listed = list.status === 200 ? ((await list.json()) as { spaces: { slug: string }[] }).spaces.map((x) => x.slug) : [];
      expect(listed.includes("lounge"), `lounge listed for ${role}`).toBe(READS_LOUNGE.includes(role));
      expect(listed.includes("ask"), `ask listed for ${role}`).toBe(READS_ASK.includes(role));
    }
  });

  it("writing: posting, reacting and voting follow the rules; muted members read but cannot", async () => {
    const { deps } = tools();
    const base = `/communities/${s.community.slug}/spaces/ask`;
    for (const role of ROLES) {
      const denied = role === "visitor" ? 401 : role === "muted" ? 403 : 404;
      const wrote = await api(`${base}/threads`, { method: "POST", auth: cookies[role], body: { body: `Hello from ${role}` } });
      expect(wrote.status, `post ${role}`).toBe(WRITES_ASK.includes(role) ? 201 : denied);
      const reacted = await api(`${base}/posts/${askThread}/reactions`, { method: "POST", auth: cookies[role], body: { emoji: "bulb" } });
      expect(reacted.status, `react ${role}`).toBe(WRITES_ASK.includes(role) ? 201 : denied);
      const voted = await api(`${base}/threads/${askThread}/votes`, { method: "POST", auth: cookies[role], body: { options: [pollOption] } });
      expect(voted.status, `vote ${role}`).toBe(WRITES_ASK.includes(role) ? 200 : denied);
    }
    const written = await deps.db.select().from(posts).where(and(eq(posts.spaceId, s.spaces.ask.id), eq(posts.body, "Hello from muted")));
    expect(written).toEqual([]);
    const thread = await deps.db.query.posts.findFirst({ where: eq(posts.id, askThread) });
    expect(thread!.reactionCount).toBe(WRITES_ASK.length);
    // The muted member's page says why there is no form.
    const page = await (await call(`/c/${s.community.slug}/s/ask`, { cookie: cookies.muted, headers: html })).text();
    expect(page).toContain("You are muted in this community");
    expect(page).not.toContain('id="new-post"');
    const news = await (await call(`/c/${s.community.slug}/s/news`, { cookie: cookies.member, headers: html })).text();
    expect(news).toContain("Only the team posts in this space");
  });
});
