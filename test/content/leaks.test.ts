import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { drops, memberships } from "../../drizzle";
import { submitApplication } from "../../src/applications/service";
import { setStaffRole } from "../../src/communities/service";
import { createDrop } from "../../src/content/drops";
import { issueFeedToken } from "../../src/content/prefs";
import { devClock } from "../../src/dev/clock";
import { newSecretToken } from "../../src/lib/ids";
import { banMember, removeMember } from "../../src/members/service";
import { signIn, tools } from "../helpers";
import { email, expectedExits, observe, type Person, type Seen, type Watched } from "./exits";
import { attachPdf, contentCommunity, DAY, failPayment, HOUR, memberOf, OWNER, staggeredDrop, unique } from "./helpers";
import { runCron } from "../jobs";

/**
 * The leak matrix: every exit (drop page, API drop, API feed, RSS, file download, home feed and
 * its teasers, email) x every role, at two moments: an hour after publishing (Core has the drop,
 * Members are three days away) and four days after (Members have it too). Members are real:
 * approved, paid on the Stripe emulator, kept in sync by its webhooks.
 */

const ROLES = ["visitor", "applicant", "member", "core", "grace", "lapsed", "removed", "removedCore", "banned", "moderator", "owner"] as const;
type Role = (typeof ROLES)[number];

/** What each role gets of the staggered drop, by phase. */
const STAGGERED: Record<"early" | "later", Record<Role, Seen>> = {
  early: { visitor: "none", applicant: "none", member: "teaser", core: "body", grace: "teaser", lapsed: "teaser", removed: "none", removedCore: "body", banned: "none", moderator: "body", owner: "body" },
  later: { visitor: "none", applicant: "none", member: "body", core: "body", grace: "body", lapsed: "none", removed: "none", removedCore: "none", banned: "none", moderator: "body", owner: "body" },
};
const isStaff = (role: Role) => role === "moderator" || role === "owner";
/** A draft: staff open it by its address (preview), but it is in nobody's feed. */
const DRAFT = (role: Role) => (isStaff(role) ? { ...expectedExits("body"), apiFeed: "none" as const, rss: "none" as const, home: "none" as const } : expectedExits("none"));
const CORE_ONLY = (phase: "early" | "later", role: Role): Seen => (role === "core" || (role === "removedCore" && phase === "early") || isStaff(role) ? "body" : "none");

describe("leak matrix: exactly the right people get the body and the file", { timeout: 120_000 }, () => {
  const people = {} as Record<Role, Person>;
  const subs = {} as Record<Role, string>;
  let community: Awaited<ReturnType<typeof contentCommunity>>["community"];
  let staggered: Watched;
  let coreOnly: Watched;
  let draft: Watched;

  async function watched(id: string, title: string): Promise<Watched> {
    const marker = `BODY-${crypto.randomUUID()}`;
    const fileMarker = `FILE-${crypto.randomUUID()}`;
    const { deps } = tools();
    await deps.db.update(drops).set({ body: `${marker} is the secret.\n\nMore text.` }).where(eq(drops.id, id));
    const file = await attachPdf(id, fileMarker);
    return { slug: community.slug, id, title, marker, fileId: file.id, fileMarker };
  }

  beforeAll(async () => {
    const { deps } = tools();
    const tiers = await contentCommunity({ graceDays: 2 });
    community = tiers.community;
    const tierOf: Partial<Record<Role, typeof tiers.member>> = { member: tiers.member, core: tiers.core, grace: tiers.member, lapsed: tiers.member, removed: tiers.member, removedCore: tiers.core, banned: tiers.member };
    for (const role of ROLES) {
      const who = role === "visitor" ? null : role === "owner" ? OWNER : unique(role);
      people[role] = { name: role, email: who, feedToken: newSecretToken() };
      const tier = tierOf[role];
      if (tier && who) subs[role] = (await memberOf(community, tier, who)).subscriptionId;
    }
    await submitApplication(deps, community, { name: "Applicant", email: people.applicant.email!, acceptRules: true, answers: {} });
    await setStaffRole(deps, community.id, people.moderator.email!, "moderator");
    for (const role of ROLES) {
      const p = people[role];
      if (!p.email) continue;
      p.cookie = await signIn(p.email);
      // Everyone holds a feed token, as if issued while they were members: the gate must still say no.
      p.feedToken = await issueFeedToken(deps, community.id, p.email);
    }
    const s = await staggeredDrop(community, tiers, { title: "Staggered playbook" });
    staggered = await watched(s.drop.id, "Staggered playbook");
    const c = await createDrop(deps, community, { title: "Core circle notes", body: "x", status: "scheduled", publishAt: deps.now().toISOString(), targets: [{ tierId: tiers.core.id, offsetHours: 0 }] }, OWNER);
    coreOnly = await watched(c.drop.id, "Core circle notes");
    const d = await createDrop(deps, community, { title: "Unfinished draft", body: "x", targets: [{ tierId: tiers.member.id, offsetHours: 0 }] }, OWNER);
    draft = await watched(d.drop.id, "Unfinished draft");
    await failPayment(subs.lapsed);
    const idOf = async (e: string) => (await deps.db.query.memberships.findFirst({ where: and(eq(memberships.communityId, community.id), eq(memberships.email, e)) }))!.id;
    await removeMember(deps, community, await idOf(people.removed.email!), { refund: false }, OWNER, "Spam");
    await banMember(deps, community, people.banned.email!, OWNER, "Harassment");
  }, 240_000);

  afterAll(() => devClock.reset());

  async function matrix(d: Watched, expected: (role: Role) => Seen | ReturnType<typeof expectedExits>) {
    const actual: Record<string, unknown> = {};
    const want: Record<string, unknown> = {};
    for (const role of ROLES) {
      actual[role] = await observe(people[role], d);
      const e = expected(role);
      want[role] = typeof e === "string" ? expectedExits(e) : e;
    }
    expect(actual).toEqual(want);
  }

  it("an hour after publishing: Core and staff read it, Members see a teaser, nobody else gets anything", async () => {
    devClock.advance(HOUR);
    await runCron();
    await matrix(staggered, (r) => STAGGERED.early[r]);
    await matrix(coreOnly, (r) => CORE_ONLY("early", r));
    await matrix(draft, DRAFT);
    for (const role of ROLES) {
      const sent = await email(people[role], staggered);
      expect(sent, role).toEqual(role === "core" || role === "removedCore" ? { withBody: 1, about: 1 } : { withBody: 0, about: 0 });
    }
  });

  it("a removed member loses every exit at once", async () => {
    const p = people.removedCore;
    expect(await observe(p, staggered)).toEqual(expectedExits("body"));
    const { deps } = tools();
    const m = await deps.db.query.memberships.findFirst({ where: and(eq(memberships.communityId, community.id), eq(memberships.email, p.email!)) });
    await removeMember(deps, community, m!.id, { refund: false }, OWNER, "Broke rule 3");
    expect(await observe(p, staggered)).toEqual(expectedExits("none"));
  });

  it("four days later: Members and the member in grace read it; lapsed, removed, banned and outsiders still get nothing", async () => {
    devClock.advance(4 * DAY - HOUR);
    await failPayment(subs.grace);
    const { deps } = tools();
    expect((await deps.db.query.memberships.findFirst({ where: eq(memberships.stripeSubscriptionId, subs.grace) }))!.status).toBe("past_due");
    await runCron();
    await matrix(staggered, (r) => STAGGERED.later[r]);
    await matrix(coreOnly, (r) => CORE_ONLY("later", r));
    await matrix(draft, DRAFT);
    for (const role of ROLES) {
      const sent = await email(people[role], staggered);
      const expected = ["core", "removedCore", "member", "grace"].includes(role) ? { withBody: 1, about: 1 } : { withBody: 0, about: 0 };
      expect(sent, role).toEqual(expected);
      const aboutOthers = (await email(people[role], coreOnly)).about + (await email(people[role], draft)).about;
      expect(aboutOthers, role).toBe(role === "core" || role === "removedCore" ? 1 : 0);
    }
  });

  it("a revoked or unknown feed token is a 404, even for a member in good standing", async () => {
    const { deps } = tools();
    const before = people.member.feedToken;
    people.member.feedToken = await issueFeedToken(deps, community.id, people.member.email!);
    expect(await observe({ ...people.member, feedToken: before }, staggered)).toMatchObject({ rss: "none" });
    expect(await observe(people.member, staggered)).toMatchObject({ rss: "body" });
    expect(await observe({ ...people.member, feedToken: newSecretToken() }, staggered)).toMatchObject({ rss: "none" });
  });
});
