import { beforeAll, describe, expect, it } from "vitest";
import { posts } from "../../drizzle";
import { eq } from "drizzle-orm";
import { ftsTerms } from "../../src/home/search";
import { call, tools } from "../helpers";
import { setSpaceSettings } from "../spaces/helpers";
import { dropFor, postAt, replyAt, roleCommunity, ROLES, type Role } from "./helpers";

/**
 * Search (/c/:slug/search and its API twin): only what the person may read, through the same
 * space rules and drop gate as every other exit; hostile queries are a 4xx or nothing, never a 5xx.
 */

const html = { accept: "text/html" };
let c: Awaited<ReturnType<typeof roleCommunity>>;
const WORD = "zebracorn";
const ids = {} as Record<"ask" | "askReply" | "news" | "lounge" | "removed" | "open" | "core" | "later" | "drip", string>;

async function page(role: Role, q: string, extra = "") {
  const res = await call(`/c/${c.community.slug}/search?q=${encodeURIComponent(q)}${extra}`, { cookie: c.cookies[role], headers: html });
  return { res, text: await res.text() };
}

async function api(role: Role, q: string, extra = "") {
  const res = await call(`/api/v1/communities/${c.community.slug}/search?q=${encodeURIComponent(q)}${extra}`, { cookie: c.cookies[role] });
  return { res, body: (await res.json()) as { results?: { id: string; kind: string; url: string; snippet: string; title: string }[]; next?: string | null; error?: { details?: { field: string }[] } } };
}

beforeAll(async () => {
  c = await roleCommunity();
  const { deps } = tools();
  const now = deps.now().getTime();
  const ask = await postAt(c.community, c.spaces.ask, c.emails.member!, new Date(now - 5000), { title: "Pricing question", body: `How do you price a ${WORD} workshop?` });
  ids.ask = ask.id;
  ids.askReply = (await replyAt(c.community, c.spaces.ask, c.emails.core!, ask, new Date(now - 4000), `Charge per ${WORD} seat.`)).id;
  ids.news = (await postAt(c.community, c.spaces.news, c.emails.owner!, new Date(now - 3000), { title: `${WORD} news`, body: "Announcement." })).id;
  ids.lounge = (await postAt(c.community, c.spaces.lounge, c.emails.core!, new Date(now - 2000), { title: "Core talk", body: `Secret ${WORD} plans.` })).id;
  ids.removed = (await postAt(c.community, c.spaces.ask, c.emails.member!, new Date(now - 1000), { title: "Gone", body: `Removed ${WORD} post.` })).id;
  await deps.db.update(posts).set({ status: "removed", removedReason: "Off topic", removedAt: new Date(now) }).where(eq(posts.id, ids.removed));
  const { member, core } = c.tiers;
  ids.open = (await dropFor(c.community, `Open ${WORD} guide`, "For everyone.", [{ tierId: member.id, offsetHours: 0 }])).id;
  ids.core = (await dropFor(c.community, "Core notes", `Only core reads this ${WORD}.`, [{ tierId: core.id, offsetHours: 0 }])).id;
  ids.later = (await dropFor(c.community, "Later", `Members get this ${WORD} in three days.`, [{ tierId: core.id, offsetHours: 0 }, { tierId: member.id, offsetHours: 72 }])).id;
  ids.drip = (await dropFor(c.community, "Tomorrow", `Scheduled ${WORD} for tomorrow.`, [{ tierId: member.id, offsetHours: 0 }], new Date(now + 86_400_000))).id;
}, 120_000);

describe("search answers only with what the person may read", () => {
  const ALL = new Set<Role>(["moderator", "owner"]);
  const MEMBERS = new Set<Role>(["member", "grace", "muted"]);
  const expected = (role: Role): string[] => {
    if (ALL.has(role)) return [ids.drip, ids.core, ids.later, ids.open, ids.lounge, ids.news, ids.askReply, ids.ask].sort();
    if (role === "core") return [ids.core, ids.later, ids.open, ids.lounge, ids.news, ids.askReply, ids.ask].sort();
    if (MEMBERS.has(role)) return [ids.open, ids.news, ids.askReply, ids.ask].sort();
    return [];
  };

  it("on the page and through the API, for every role", async () => {
    const seen: Record<string, unknown> = {};
    const want: Record<string, unknown> = {};
    for (const role of ROLES) {
      const p = await page(role, WORD);
      const a = await api(role, WORD);
      const onPage = [...p.text.matchAll(/data-id="([^"]+)"/g)].map((m) => m[1]!).sort();
      const reads = expected(role).length > 0;
      seen[role] = { page: p.res.status, api: a.res.status, onPage, inApi: (a.body.results ?? []).map((r) => r.id).sort() };
      want[role] = { page: reads ? 200 : role === "visitor" ? 303 : 403, api: reads ? 200 : role === "visitor" ? 401 : 403, onPage: expected(role), inApi: expected(role) };
      if (!ALL.has(role) && role !== "core") {
        expect(p.text, role).not.toContain("Secret");
        expect(JSON.stringify(a.body), role).not.toContain("Secret");
      }
    }
    expect(seen).toEqual(want);
  });

  it("links replies to their thread's anchor and drops to their page, and marks the match safely", async () => {
    const { body } = await api("member", WORD);
    const reply = body.results!.find((r) => r.id === ids.askReply)!;
    expect(reply.url).toMatch(new RegExp(`/c/${c.community.slug}/s/ask/t/${ids.ask}#p-${ids.askReply}$`));
    expect(reply.snippet).toContain(`<mark>${WORD}</mark>`);
    const drop = body.results!.find((r) => r.id === ids.open)!;
    expect(drop.url).toMatch(new RegExp(`/c/${c.community.slug}/drops/${ids.open}$`));
    const { text } = await page("member", WORD);
    expect(text).toContain(`href="/c/${c.community.slug}/s/ask/t/${ids.ask}#p-${ids.askReply}"`);
    expect(text).toContain(`<mark>${WORD}</mark>`);
  });

  it("escapes what it found before marking it", async () => {
    const { deps } = tools();
    const hostile = await postAt(c.community, c.spaces.ask, c.emails.member!, new Date(deps.now().getTime()), { title: "Markup", body: `<script>alert(1)</script> quokkaword <img src=x onerror=alert(1)> \u0002quokkaword` });
    const { text } = await page("member", "quokkaword");
    expect(text).toContain(`data-id="${hostile.id}"`);
    expect(text).not.toContain("<script>alert");
    expect(text).not.toMatch(/<img/);
    expect(text).toContain("&lt;script&gt;");
    const { body } = await api("member", "quokkaword");
    expect(body.results![0]!.snippet).not.toContain("<script>");
    expect(body.results![0]!.snippet).toContain("&lt;script&gt;");
  });
});

describe("hostile queries: a 4xx naming q, or nothing, never a 5xx", () => {
  const ODD = ['"', '""', '"unbalanced', "*", "zebra*", "NEAR", "NEAR(a b)", "a AND", "OR OR", "NOT", "-x", "(", ")", "title:x", "scope:x", "{title}: x", "^x", "x + y", "'; drop table posts; --", "💥🦄", "Ünïcödé zebracorn", "\u0000", "\u0002\u0003", "%", "_", "\\", "a".repeat(200), "word ".repeat(40)];

  it("answers every odd query with 200 and only readable results", async () => {
    for (const q of ODD) {
      const p = await page("member", q);
      expect(p.res.status, JSON.stringify(q)).toBe(200);
      const a = await api("member", q);
      expect(a.res.status, JSON.stringify(q)).toBe(200);
      expect(JSON.stringify(a.body)).not.toContain("Secret");
    }
  });

  it("refuses a query over 200 characters with a 400 naming q", async () => {
    const long = "x".repeat(1000);
    const p = await page("member", long);
    expect(p.res.status).toBe(400);
    const a = await api("member", long);
    expect(a.res.status).toBe(400);
    expect(a.body.error!.details!.map((d) => d.field)).toContain("q");
  });

  it("refuses a malformed position, and an empty query finds nothing", async () => {
    expect((await api("member", WORD, "&before=abc")).res.status).toBe(400);
    expect((await page("member", WORD, "&before=1e9")).res.status).toBe(400);
    const empty = await api("member", "   ");
    expect(empty.res.status).toBe(200);
    expect(empty.body.results).toEqual([]);
  });

  it("quotes every word, so operators are text", () => {
    expect(ftsTerms('NEAR(a b) "x" *')).toBe('"NEAR(a" "b)" """x"""*');
    expect(ftsTerms("*** ---")).toBeNull();
  });
});

describe("search pages", () => {
  it("walks every readable match once, newest first", async () => {
    const { deps } = tools();
    const now = deps.now().getTime();
    await setSpaceSettings(c.community, { postsPerHour: 0 });
    const written: string[] = [];
    for (let i = 0; i < 45; i++) written.push((await postAt(c.community, c.spaces.ask, c.emails.member!, new Date(now + i), { title: `Numbat ${i}`, body: "numbat facts" })).id);
    // A Core-lounge match between them never shows up for a Member, on any page.
    await postAt(c.community, c.spaces.lounge, c.emails.core!, new Date(now + 100), { title: "Numbat secret", body: "numbat" });
    const seen: string[] = [];
    let before = "";
    for (let pages = 0; pages < 10; pages++) {
      const { res, body } = await api("member", "numbat", before ? `&before=${before}` : "");
      expect(res.status).toBe(200);
      seen.push(...body.results!.map((r) => r.id));
      if (!body.next) break;
      before = body.next;
    }
    expect(seen).toEqual([...written].reverse());
  });
});
