import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { memberships, POST_NOTIFICATION_KINDS, notifications } from "../../drizzle";
import { newId } from "../../src/lib/ids";
import { accessFor } from "../../src/memberships/access";
import { removeMember } from "../../src/members/removal";
import { unreadLabel, unreadNotificationsQuery } from "../../src/notifications/queries";
import { api, expectError, json } from "../api/helpers";
import { call, postForm, signIn, tools } from "../helpers";
import { OWNER, post, reply, setSpaceSettings, spaceCommunity } from "../spaces/helpers";
import { named, written } from "./helpers";

const html = { accept: "text/html" };

async function withReply() {
  const s = await spaceCommunity({ members: 3, core: 1 });
  await named(s.community, s.member(2), "Grace Hopper");
  const thread = await post(s.community, s.spaces.ask, s.member1, { title: "Pricing a first workshop", body: "How?" });
  const r = await reply(s.community, s.spaces.ask, s.member(2), thread.id, "Day rate times two.");
  await written(r.id);
  return { ...s, thread, reply: r };
}

describe("the notification list: page and API", { timeout: 60_000 }, () => {
  it("lists newest first with unread marked; opening one marks it read and leads to the reply; mark all read", async () => {
    const s = await withReply();
    const r2 = await reply(s.community, s.spaces.ask, s.member(3), s.thread.id, "Or charge per seat.");
    await written(r2.id);
    const cookie = await signIn(s.member1);
    const base = `/c/${s.community.slug}/notifications`;
    const res = await call(base, { cookie, headers: html });
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toContain("2 unread");
    expect(body).toContain("Grace Hopper · Level 1 replied to your post “Pricing a first workshop”");
    expect(body).not.toContain(s.member(2).split("@")[0]);
    expect(body.indexOf("Or charge per seat")).toBeLessThan(body.indexOf("Day rate times two"));
    const links = [...body.matchAll(new RegExp(`${base}/(ntf_[0-9a-z]{20})`, "g"))].map((m) => m[1]!);
    expect(links).toHaveLength(2);

    const open = await call(`${base}/${links[1]}`, { cookie, headers: html });
    expect(open.status).toBe(303);
    expect(open.headers.get("location")).toBe(`/c/${s.community.slug}/s/ask/t/${s.thread.id}#p-${s.reply.id}`);
    expect(await (await call(base, { cookie, headers: html })).text()).toContain("1 unread");

    const all = await postForm(`${base}/read-all`, {}, cookie);
    expect(all.status).toBe(303);
    const after = await (await call(all.headers.get("location")!, { cookie, headers: html })).text();
    expect(after).toContain("Nothing unread");
    expect(after).toContain("Marked 1 as read");
  });

  it("visitors, non-members and removed members are refused, on the page and in the API; another member's notification is not found", async () => {
    const s = await withReply();
    const base = `/c/${s.community.slug}/notifications`;
    const visitor = await call(base, { headers: html });
    expect([302, 303]).toContain(visitor.status);
    expect(visitor.headers.get("location")).toContain("/signin");
    await expectError(await api(`/communities/${s.community.slug}/notifications`), 401, "unauthenticated");

    const stranger = await signIn("stranger@example.com");
    expect((await call(base, { cookie: stranger, headers: html })).status).toBe(403);
    await expectError(await api(`/communities/${s.community.slug}/notifications`, { auth: stranger }), 403, "forbidden");

    const [mine] = await tools().deps.db.select().from(notifications).where(eq(notifications.email, s.member1));
    const other = await signIn(s.member(3));
    expect((await call(`${base}/${mine!.id}`, { cookie: other, headers: html })).status).toBe(404);
    await expectError(await api(`/communities/${s.community.slug}/notifications/${mine!.id}/read`, { method: "POST", auth: other }), 404, "not_found");

    const cookie = await signIn(s.member1);
    expect((await call(base, { cookie, headers: html })).status).toBe(200);
    const { deps } = tools();
    const m = await deps.db.query.memberships.findFirst({ where: and(eq(memberships.communityId, s.community.id), eq(memberships.email, s.member1)) });
    await removeMember(deps, s.community, m!.id, { refund: false }, OWNER, "Left");
    expect((await call(base, { cookie, headers: html })).status).toBe(403);
    await expectError(await api(`/communities/${s.community.slug}/notifications`, { auth: cookie }), 403, "forbidden");
    await expectError(await api(`/communities/${s.community.slug}/notifications/${mine!.id}/read`, { method: "POST", auth: cookie }), 403, "forbidden");
  });

  it("a member whose tier no longer opens the space stops seeing what came from it", async () => {
    const s = await spaceCommunity({ members: 1, core: 2 });
    await named(s.community, s.coreMember(2), "Linus");
    const p = await post(s.community, s.spaces.lounge, s.coreMember(1), { body: "Core plans, @Linus" });
    await written(p.id);
    const cookie = await signIn(s.coreMember(2));
    const list = async () => json(await api(`/communities/${s.community.slug}/notifications`, { auth: cookie }));
    expect((await list()).items.map((n: { kind: string }) => n.kind)).toEqual(["mention"]);
    await tools().deps.db.update(memberships).set({ tierId: s.tiers.member.id }).where(eq(memberships.email, s.coreMember(2)));
    expect(await list()).toEqual({ items: [], unread: 0, nextBefore: null });
  });

  it("API: pages with nextBefore, marks read, and gets and sets the email choice; bad input names the field", async () => {
    const s = await withReply();
    const { deps } = tools();
    const replies = [];
    for (let i = 0; i < 7; i++) replies.push(await reply(s.community, s.spaces.ask, s.member(3), s.thread.id, `Reply ${i}`));
    const at = deps.now().getTime();
    const rows = replies.flatMap((r, i) => POST_NOTIFICATION_KINDS.map((kind, k) => ({ id: newId("ntf"), communityId: s.community.id, email: s.member1, kind, postId: r.id, actorEmail: s.member(3), createdAt: new Date(at + i * 10 + k) })));
    for (let i = 0; i < rows.length; i += 10) await deps.db.insert(notifications).values(rows.slice(i, i + 10));
    const cookie = await signIn(s.member1);
    const path = `/communities/${s.community.slug}/notifications`;
    const first = await json(await api(`${path}?limit=20`, { auth: cookie }));
    expect(first.items).toHaveLength(20);
    const total = 7 * POST_NOTIFICATION_KINDS.length + 1;
    expect(first.unread).toBe(total);
    const second = await json(await api(`${path}?limit=20&before=${encodeURIComponent(first.nextBefore)}`, { auth: cookie }));
    expect(second.items).toHaveLength(total - 20);
    expect(second.nextBefore).toBeNull();
    expect(new Set([...first.items, ...second.items].map((n: { id: string }) => n.id)).size).toBe(total);
    expect(second.items.at(-1).url).toBe(`${deps.config.appUrl}/c/${s.community.slug}/s/ask/t/${s.thread.id}#p-${s.reply.id}`);

    const read = await json(await api(`${path}/${first.items[0].id}/read`, { method: "POST", auth: cookie }));
    expect(read.readAt).not.toBeNull();
    expect(await json(await api(`${path}/read-all`, { method: "POST", auth: cookie }))).toEqual({ marked: total - 1 });
    expect((await json(await api(path, { auth: cookie }))).unread).toBe(0);

    expect(await json(await api(`${path}/email`, { auth: cookie }))).toEqual({ activity: "each" });
    expect(await json(await api(`${path}/email`, { method: "PUT", body: { activity: "daily" }, auth: cookie }))).toEqual({ activity: "daily" });
    expect(await json(await api(`${path}/email`, { auth: cookie }))).toEqual({ activity: "daily" });
    expect(await expectError(await api(`${path}/email`, { method: "PUT", body: { activity: "hourly" }, auth: cookie }), 400, "validation_failed")).toEqual(["activity"]);
    expect(await expectError(await api(`${path}?before=nope`, { auth: cookie }), 400, "validation_failed")).toEqual(["before"]);

    const doc = await json(await api("/openapi.json"));
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/communities/{slug}/notifications", "/communities/{slug}/notifications/{id}/read", "/communities/{slug}/notifications/read-all", "/communities/{slug}/notifications/email"]));
  });

  it("member home shows the activity email choice and saves it; the unread count is capped for home", async () => {
    const s = await withReply();
    const cookie = await signIn(s.member1);
    const home = await (await call(`/c/${s.community.slug}/home`, { cookie, headers: html })).text();
    expect(home).toContain("Email me about replies, mentions and closed polls");
    const saved = await postForm(`/c/${s.community.slug}/notifications`, { mode: "weekly", activity: "off" }, cookie);
    expect(saved.status).toBe(303);
    const get = await json(await api(`/communities/${s.community.slug}/notifications/email`, { auth: cookie }));
    expect(get).toEqual({ activity: "off" });
    expect((await postForm(`/c/${s.community.slug}/notifications`, { mode: "each", activity: "sometimes" }, cookie)).status).toBe(400);

    const { deps } = tools();
    await setSpaceSettings(s.community, { postsPerHour: 0 });
    const at = deps.now().getTime();
    const posts = [];
    for (let i = 0; i < 26; i++) posts.push(await reply(s.community, s.spaces.ask, s.member(3), s.thread.id, `r${i}`));
    const rows = posts.flatMap((r, i) => POST_NOTIFICATION_KINDS.map((kind, k) => ({ id: newId("ntf"), communityId: s.community.id, email: s.member1, kind, postId: r.id, actorEmail: null, createdAt: new Date(at + i * 10 + k) })));
    for (let i = 0; i < rows.length; i += 10) await deps.db.insert(notifications).values(rows.slice(i, i + 10));
    const access = await accessFor(deps, s.community, s.member1, deps.now());
    const [{ n }] = (await unreadNotificationsQuery(deps.db, s.community.id, access)) as [{ n: number }];
    expect(n).toBe(100);
    expect(unreadLabel(n)).toBe("99+");
  });
});
