import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { emails, memberships, notifications } from "../../drizzle";
import { runLevelUpJob } from "../../src/honours/level-up";
import { DEFAULT_LEVELS, saveLevels } from "../../src/honours/levels";
import { DAY_MS, pointStatements } from "../../src/honours/points";
import { runHonourWindowsJob } from "../../src/honours/windows";
import { setStaffRole } from "../../src/communities/service";
import { api } from "../api/helpers";
import { call, postForm, signIn, tools } from "../helpers";
import { OWNER, post, spaceCommunity } from "../spaces/helpers";
import { levelJobs, pointsOf, react, unreact } from "./helpers";

type S = Awaited<ReturnType<typeof spaceCommunity>>;

async function award(s: S, email: string, points: number, sourceId: string, at = tools().deps.now()) {
  const { deps } = tools();
  await deps.db.batch(pointStatements(deps.db, { communityId: s.community.id, email, points, reason: "test", sourceKind: "test", sourceId, at }) as [ReturnType<typeof pointStatements>[number]]);
}

describe("level-up notice", () => {
  it("tells the member once when reactions lift them to a new level, in-app and by email", async () => {
    const s = await spaceCommunity({ members: 7 });
    const author = s.member1;
    const thread = await post(s.community, s.spaces.ask, author, { title: "Pricing question", body: "How do you price?" });
    const queued = levelJobs();
    for (let i = 2; i <= 5; i++) await react(s.community, s.spaces.ask, s.member(i), thread, "thumbsup", queued.enqueue);
    expect(queued.jobs).toEqual([]);
    await react(s.community, s.spaces.ask, s.member(6), thread, "thumbsup", queued.enqueue);
    expect(await pointsOf(s.community, author)).toMatchObject({ points: 5, level: 2, notifiedLevel: 1 });
    expect(queued.jobs).toEqual([{ kind: "level-up", communityId: s.community.id, email: author, postId: thread.id, actorEmail: s.member(6) }]);

    const { deps } = tools();
    expect(await runLevelUpJob(deps, queued.jobs[0]!)).toBe(1);
    expect(await runLevelUpJob(deps, queued.jobs[0]!)).toBe(0);
    const rows = await deps.db.select().from(notifications).where(and(eq(notifications.email, author), eq(notifications.kind, "level_up")));
    expect(rows).toHaveLength(1);
    const mail = await deps.db.select().from(emails).where(and(eq(emails.to, author), eq(emails.kind, "notification_level_up")));
    expect(mail).toHaveLength(1);
    expect(mail[0]!.text).toContain("lifted you to a new level");
    expect(mail[0]!.text).not.toContain(s.member(6));

    // Falling back below the threshold and crossing it again announces nothing new.
    await unreact(s.community, s.spaces.ask, s.member(6), thread);
    expect((await pointsOf(s.community, author)).level).toBe(1);
    await react(s.community, s.spaces.ask, s.member(7), thread, "thumbsup", queued.enqueue);
    expect((await pointsOf(s.community, author)).level).toBe(2);
    expect(queued.jobs).toHaveLength(1);

    // The list page shows it to the member.
    const page = await (await call(`/c/${s.community.slug}/notifications`, { cookie: await signIn(author), headers: { accept: "text/html" } })).text();
    expect(page).toContain("lifted you to a new level");
  });
});

describe("leaderboards", () => {
  it("ranks by the last 7 days, 30 days and all time from the aggregates, with names and levels", async () => {
    const s = await spaceCommunity({ members: 4 });
    const { deps } = tools();
    const now = deps.now().getTime();
    await award(s, s.member(1), 30, "old", new Date(now - 60 * DAY_MS));
    await award(s, s.member(2), 8, "month", new Date(now - 10 * DAY_MS));
    await award(s, s.member(3), 3, "week", new Date(now - DAY_MS));
    // Awards written as they happen land in every window; the daily job moves the windows on.
    expect(await runHonourWindowsJob(deps, { communityId: s.community.id })).toBe(2);
    expect(await runHonourWindowsJob(deps, { communityId: s.community.id })).toBe(0);
    expect(await pointsOf(s.community, s.member(1))).toMatchObject({ points: 30, points30d: 0, points7d: 0, level: 3 });
    expect(await pointsOf(s.community, s.member(2))).toMatchObject({ points: 8, points30d: 8, points7d: 0 });

    const cookie = await signIn(s.member(4));
    const board = async (period: string) => (await (await api(`/communities/${s.community.slug}/leaderboard?period=${period}`, { auth: cookie })).json()) as { entries: { name: string; points: number; level: number }[]; you: { points: number } };
    expect((await board("all")).entries.map((e) => e.points)).toEqual([30, 8, 3]);
    expect((await board("30d")).entries.map((e) => e.points)).toEqual([8, 3]);
    expect((await board("7d")).entries.map((e) => e.points)).toEqual([3]);
    const top = (await board("all")).entries[0]!;
    expect(top.name).toMatch(/ · Level 3$/);
    expect(top.name).not.toContain("@");
    expect((await board("all")).you.points).toBe(0);

    const page = await (await call(`/c/${s.community.slug}/leaderboard?period=7d`, { cookie, headers: { accept: "text/html" } })).text();
    expect(page).toContain('aria-current="page"');
    expect(page).toMatch(/Level 1<\/strong>/);
    expect(page).not.toContain(s.member(3));

    // Someone who left is off the board; their points stay on record.
    await deps.db.update(memberships).set({ status: "removed" }).where(and(eq(memberships.communityId, s.community.id), eq(memberships.email, s.member(2))));
    expect((await board("all")).entries.map((e) => e.points)).toEqual([30, 3]);

    // Bad input and outsiders.
    const bad = await api(`/communities/${s.community.slug}/leaderboard?period=year`, { auth: cookie });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain("period");
    expect((await call(`/c/${s.community.slug}/leaderboard?period=year`, { cookie, headers: { accept: "text/html" } })).status).toBe(400);
    expect((await api(`/communities/${s.community.slug}/leaderboard`, { auth: await signIn("stranger@example.com") })).status).toBe(403);
  });
});

describe("levels and badges (owners)", () => {
  it("saves valid levels and moves every member to the level their points reach; refuses bad ones naming the field", async () => {
    const s = await spaceCommunity({ members: 2 });
    const { deps } = tools();
    // The triggers' built-in defaults agree with DEFAULT_LEVELS at every threshold.
    let n = 0;
    for (const l of DEFAULT_LEVELS.slice(1)) {
      for (const points of [l.minPoints - 1, l.minPoints]) {
        const email = `edge${++n}@example.com`;
        await award(s, email, points, `edge-${n}`);
        expect((await pointsOf(s.community, email)).level, `${points} points`).toBe(points >= l.minPoints ? l.level : l.level - 1);
      }
    }
    await award(s, s.member1, 12, "m1");
    const owner = await signIn(OWNER);
    const path = `/communities/${s.community.slug}/levels`;
    const fields = async (body: unknown) => {
      const res = await api(path, { method: "PUT", auth: owner, body });
      expect(res.status).toBe(400);
      return ((await res.json()) as { error: { details: { field: string }[] } }).error.details.map((d) => d.field);
    };
    expect(await fields({ levels: [{ minPoints: 0, name: "A" }, { minPoints: 10, name: "B" }, { minPoints: 10, name: "C" }] })).toEqual(["levels.2.minPoints"]);
    expect(await fields({ levels: [{ minPoints: 1, name: "A" }, { minPoints: 10, name: " " }] })).toEqual(["levels.1.name", "levels.0.minPoints"]);
    expect(await fields({ levels: Array.from({ length: 11 }, (_, i) => ({ minPoints: i, name: `L${i}` })) })).toEqual(["levels"]);
    expect(await fields({ levels: [{ minPoints: 0, name: "A" }, { minPoints: -5, name: "B" }] })).toContain("levels.1.minPoints");
    expect((await pointsOf(s.community, s.member1)).level).toBe(2);

    const saved = await api(path, { method: "PUT", auth: owner, body: { levels: [{ minPoints: 0, name: "Seed" }, { minPoints: 3, name: "Sprout" }, { minPoints: 10, name: "Tree" }] } });
    expect(saved.status).toBe(200);
    expect(await pointsOf(s.community, s.member1)).toMatchObject({ level: 3, notifiedLevel: 3 });
    // Members cannot change levels; they can read them.
    const member = await signIn(s.member(2));
    expect((await api(path, { method: "PUT", auth: member, body: { levels: [{ minPoints: 0, name: "X" }, { minPoints: 1, name: "Y" }] } })).status).toBe(403);
    expect(((await (await api(path, { auth: member })).json()) as { levels: { name: string }[] }).levels.map((l) => l.name)).toEqual(["Seed", "Sprout", "Tree"]);

    // The admin form: bad rows come back with the problem named, nothing saved.
    const form = await postForm(`/c/${s.community.slug}/admin/honours/levels`, { points_0: "0", name_0: "One", points_1: "abc", name_1: "Two" }, owner);
    expect(form.status).toBe(400);
    expect(await form.text()).toContain("Give the points as a whole number");
    await saveLevels(deps, s.community.id, { levels: DEFAULT_LEVELS.map(({ minPoints, name }) => ({ minPoints, name })) });
    expect((await pointsOf(s.community, s.member1)).level).toBe(2);
  });

  it("gives badges by hand to members, shows them beside names, and refuses strangers and repeats", async () => {
    const s = await spaceCommunity({ members: 2 });
    const { deps } = tools();
    await setStaffRole(deps, s.community.id, "mod@example.com", "moderator");
    const owner = await signIn(OWNER);
    const path = `/communities/${s.community.slug}/badges`;
    const given = await api(path, { method: "POST", auth: owner, body: { email: s.member1, name: "Founding member" } });
    expect(given.status).toBe(201);
    expect((await api(path, { method: "POST", auth: owner, body: { email: s.member1, name: "founding MEMBER" } })).status).toBe(409);
    const stranger = await api(path, { method: "POST", auth: owner, body: { email: "nobody@example.com", name: "Host" } });
    expect(stranger.status).toBe(400);
    expect(JSON.stringify(await stranger.json())).toContain('"email"');
    expect((await api(path, { method: "POST", auth: owner, body: { email: s.member1, name: "x".repeat(41) } })).status).toBe(400);
    expect((await api(path, { method: "POST", auth: await signIn("mod@example.com"), body: { email: s.member1, name: "Host" } })).status).toBe(403);
    // Through the admin form too.
    expect((await postForm(`/c/${s.community.slug}/admin/honours/badges`, { email: s.member1, name: "Host" }, owner)).status).toBe(303);

    await award(s, s.member1, 2, "b");
    const board = (await (await api(`/communities/${s.community.slug}/leaderboard?period=all`, { auth: await signIn(s.member(2)) })).json()) as { entries: { badges: string[] }[] };
    expect(board.entries[0]!.badges).toEqual(["Founding member", "Host"]);
    const profile = await (await call(`/c/${s.community.slug}/profile`, { cookie: await signIn(s.member1), headers: { accept: "text/html" } })).text();
    expect(profile).toContain("Founding member");
    const id = ((await given.json()) as { id: string }).id;
    expect((await api(`${path}/${id}`, { method: "DELETE", auth: owner })).status).toBe(204);
    expect((await api(`${path}/${id}`, { method: "DELETE", auth: owner })).status).toBe(404);
  });
});

describe("rising members", () => {
  it("lists members below the core tier by 30-day points and promotes one in one click through member management", async () => {
    const s = await spaceCommunity({ members: 3, core: 1 });
    await award(s, s.member(2), 9, "r2");
    await award(s, s.member(1), 4, "r1");
    await award(s, s.coreMember(1), 50, "c1");
    const owner = await signIn(OWNER);
    const page = await (await call(`/c/${s.community.slug}/admin/honours`, { cookie: owner, headers: { accept: "text/html" } })).text();
    const rows = [...page.matchAll(/action="(\/c\/[^"]+\/admin\/members\/([^/"]+)\/move)"/g)];
    expect(rows).toHaveLength(2);
    expect(page.indexOf("<td data-label=\"Points, 30 days\">9</td>")).toBeLessThan(page.indexOf("<td data-label=\"Points, 30 days\">4</td>"));
    const [action] = rows[0]!.slice(1);
    const form = Object.fromEntries([...page.slice(page.indexOf(action!)).matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)"/g)].slice(0, 3).map((m) => [m[1]!, m[2]!]));
    expect(form.tierId).toBe(s.tiers.core.id);
    const res = await postForm(action!, form, owner);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toContain("done=moved");
    const { deps } = tools();
    const after = await deps.db.query.memberships.findFirst({ where: (m, { and, eq }) => and(eq(m.communityId, s.community.id), eq(m.email, s.member(2))) });
    expect(after!.tierId).toBe(s.tiers.core.id);
    const again = await (await call(`/c/${s.community.slug}/admin/honours`, { cookie: owner, headers: { accept: "text/html" } })).text();
    expect([...again.matchAll(/\/move"/g)]).toHaveLength(1);
  });
});
