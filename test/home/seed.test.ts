import { env } from "cloudflare:workers";
import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { applications, memberships, pollVotes, postReactions, posts, spaces } from "../../drizzle";
import { seedDemo } from "../../src/communities/seed";
import { seedDemoSpace } from "../../src/communities/seed-space";
import { findCommunityBySlug } from "../../src/communities/service";
import { createDb } from "../../src/lib/db";
import { countingD1 } from "../d1-counter";
import { call, signIn, tools } from "../helpers";

/** The demo community `npm run dev` opens on: people, spaces and conversation, seeded once, fast. */

describe("the demo community's space", () => {
  it("is seeded once, in two round trips, and reads as a living community", { timeout: 60_000 }, async () => {
    const { deps } = tools();
    await seedDemo(deps);
    const demo = (await findCommunityBySlug(deps.db, "demo"))!;
    const sizes = async () => {
      const of = async (table: typeof posts | typeof spaces | typeof memberships | typeof applications, column: typeof posts.communityId) => (await deps.db.select({ n: count() }).from(table).where(eq(column, demo.id)))[0]!.n;
      return {
        spaces: await of(spaces, spaces.communityId as never),
        posts: await of(posts, posts.communityId),
        members: await of(memberships, memberships.communityId as never),
        applications: await of(applications, applications.communityId as never),
        reactions: (await deps.db.select({ n: count() }).from(postReactions))[0]!.n,
        votes: (await deps.db.select({ n: count() }).from(pollVotes))[0]!.n,
      };
    };
    const first = await sizes();
    expect(first.spaces).toBe(6); // five from seed-space.ts, Introductions from seed-people.ts
    // The twelve people of the space, besides the paying history seed-insights.ts adds (ids "seed_").
    const history = async (table: string) => ((await env.DB.prepare(`select count(*) as n from ${table} where community_id = ? and id like 'seed\\_%' escape '\\'`).bind(demo.id).first()) as { n: number }).n;
    // Twelve members of the space, plus two gift members (src/communities/seed-groups.ts: one running, one ended)
    // and their applications with six group applicants.
    expect(first.members - (await history("memberships"))).toBe(14);
    expect(first.applications - (await history("applications"))).toBe(20);
    expect(first.posts).toBeGreaterThan(30);
    expect(first.reactions).toBeGreaterThan(20);
    expect(first.votes).toBeGreaterThan(3);
    // The paying history dates no join after the moment it was seeded.
    const joinedLater = (await env.DB.prepare(`select count(*) as n from memberships where community_id = ? and id like 'seed\\_%' escape '\\' and joined_at > ?`).bind(demo.id, deps.now().getTime()).first()) as { n: number };
    expect(joinedLater.n).toBe(0);
    // Again: nothing added, and it only looks.
    const counter = countingD1(env.DB);
    await seedDemoSpace({ ...deps, db: createDb(counter.db) }, demo.id);
    expect(counter.reset().roundTrips).toBe(1);
    await seedDemo(deps);
    expect(await sizes()).toEqual(first);

    // Maya (Member) sees the open spaces, not the Core lounge; names, never emails.
    const maya = await signIn("maya@example.com");
    const home = await (await call("/c/demo/home", { cookie: maya, headers: { accept: "text/html" } })).text();
    expect(home).toContain("Ask the group");
    expect(home).toContain("How do you run discovery");
    expect(home).not.toContain("Core lounge");
    expect(home).toMatch(/Hana Kim · /);
    expect(home).not.toContain("hana.kim");
    const found = await (await call("/c/demo/search?q=grandfather", { cookie: maya, headers: { accept: "text/html" } })).text();
    expect(found).toContain("Raising prices for existing customers");
    // The drops carry members' comments and reactions, named as everywhere else.
    const dropId = (await env.DB.prepare("select id from drops where community_id = ? and title like 'Career moves%'").bind(demo.id).first<{ id: string }>())!.id;
    const drop = await (await call(`/c/demo/drops/${dropId}`, { cookie: maya, headers: { accept: "text/html" } })).text();
    expect(drop).toContain("Comments (7)");
    expect(drop).toMatch(/Chloé Martin · Level \d+<\/strong>/);
    expect(drop).toContain("You learn most of the job without the title.");
    expect(drop).not.toContain("chloe");
    // Dev (Core) reads the lounge.
    const dev = await signIn("dev.patel@example.com");
    expect(await (await call("/c/demo/home", { cookie: dev, headers: { accept: "text/html" } })).text()).toContain("Core lounge");
  });
});
