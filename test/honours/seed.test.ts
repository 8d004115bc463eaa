import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { memberBadges, memberPoints } from "../../drizzle";
import { seedDemo } from "../../src/communities/seed";
import { seedDemoHonours } from "../../src/communities/seed-honours";
import { findCommunityBySlug } from "../../src/communities/service";
import { call, signIn, tools } from "../helpers";

describe("the demo community's honours", () => {
  it("holds exactly the points its seeded reactions earn, once however often it runs, and shows them", async () => {
    const { deps } = tools();
    await seedDemo(deps);
    const demo = (await findCommunityBySlug(deps.db, "demo"))!;
    const expected = async () =>
      (
        await deps.db.all<{ email: string; n: number }>(sql`select p.author_email as email, count(distinct r.email) as n from posts p join post_reactions r on r.post_id = p.id
          where p.community_id = ${demo.id} and r.email <> p.author_email and p.status = 'visible' and p.deleted_at is null group by p.author_email, p.id`)
      ).reduce((m, r) => m.set(r.email, (m.get(r.email) ?? 0) + r.n), new Map<string, number>());
    const totals = async () => new Map((await deps.db.select().from(memberPoints).where(eq(memberPoints.communityId, demo.id))).map((r) => [r.email, r.points]));
    const want = await expected();
    expect(want.size).toBeGreaterThan(3);
    expect(await totals()).toEqual(want);
    await seedDemoHonours(deps, demo.id);
    expect(await totals()).toEqual(want);
    expect(await deps.db.select().from(memberBadges).where(eq(memberBadges.communityId, demo.id))).toHaveLength(4);
    const told = await deps.db.select().from(memberPoints).where(and(eq(memberPoints.communityId, demo.id), sql`${memberPoints.notifiedLevel} < ${memberPoints.level}`));
    expect(told).toEqual([]);
    const page = await (await call("/c/demo/leaderboard?period=all", { cookie: await signIn("maya@example.com"), headers: { accept: "text/html" } })).text();
    expect(page).toMatch(/Level \d<\/strong>/);
    expect(page).toContain("Founding member");
  });
});
