import { beforeAll, describe, expect, it } from "vitest";
import { memberships } from "../../drizzle";
import { and, eq } from "drizzle-orm";
import { setStaffRole } from "../../src/communities/service";
import { tools } from "../helpers";
import { approve, communityWithTiers } from "../memberships/helpers";
import { insertMembership } from "../tiers/helpers";
import { api, bearerTokenFrom, expectError, json, rowCount, session } from "./helpers";
import { joinAndActivate, MODERATOR } from "./membership-helpers";

let owner: string, moderator: string, operator: string;
beforeAll(async () => {
  [owner, moderator, operator] = await Promise.all(["owner@example.com", MODERATOR, "operator@example.com"].map(session));
});

let n = 0;
const email = (name: string) => `${name}-${++n}-${crypto.randomUUID().slice(0, 6)}@example.com`;

async function setup(opts: { capacity?: number | null; graceDays?: number } = {}) {
  const made = await communityWithTiers(opts);
  await setStaffRole(tools().deps, made.community.id, MODERATOR, "moderator");
  return { ...made, slug: made.community.slug };
}

const join = (slug: string, auth: string, body: unknown) => api(`/communities/${slug}/join`, { method: "POST", auth, body });

describe("GET /communities/{slug}/me", () => {
  it("answers 401 signed out and 404 for an unknown community", async () => {
    const { slug } = await setup();
    await expectError(await api(`/communities/${slug}/me`), 401, "unauthenticated");
    await expectError(await api("/communities/no-such-community/me", { auth: owner }), 404, "not_found");
  });

  it("is exactly what accessFor decides: staff roles, nobody, a member with their tier and membership", async () => {
    const { slug, community, member } = await setup();
    expect(await json(await api(`/communities/${slug}/me`, { auth: owner }))).toEqual({ role: "owner", standing: "none", tier: null, membership: null });
    expect((await json(await api(`/communities/${slug}/me`, { auth: moderator }))).role).toBe("moderator");
    expect((await json(await api(`/communities/${slug}/me`, { auth: operator }))).role).toBe("operator");
    const stranger = await session(email("stranger"));
    expect(await json(await api(`/communities/${slug}/me`, { auth: stranger }))).toEqual({ role: "none", standing: "none", tier: null, membership: null });

    const person = email("member");
    await joinAndActivate(community, member.id, person);
    const res = await api(`/communities/${slug}/me`, { auth: { bearer: bearerTokenFrom(await session(person)) } });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toContain("no-store");
    const me = await json(res);
    expect(Object.keys(me).sort()).toEqual(["membership", "role", "standing", "tier"]);
    expect(me).toEqual({
      role: "member",
      standing: "good",
      tier: { id: member.id, name: "Member", rank: 1 },
      membership: { status: "active", currentPeriodEnd: expect.any(String), cancelAtPeriodEnd: false, graceEndsAt: null },
    });
  });

  it("shows the grace period of a past-due member, and a lapsed one without access", async () => {
    const { slug, member, community } = await setup({ graceDays: 3 });
    const now = tools().deps.now();
    const late = await insertMembership({ id: member.id, communityId: community.id }, { status: "past_due", email: email("late"), pastDueSince: now });
    const graceEnd = new Date(now.getTime() + 3 * 86_400_000).toISOString();
    expect(await json(await api(`/communities/${slug}/me`, { auth: await session(late.email) }))).toMatchObject({
      role: "member",
      standing: "grace",
      membership: { status: "past_due", graceEndsAt: graceEnd },
    });
    const lapsed = await insertMembership({ id: member.id, communityId: community.id }, { status: "unpaid", email: email("lapsed") });
    expect(await json(await api(`/communities/${slug}/me`, { auth: await session(lapsed.email) }))).toMatchObject({
      role: "none",
      standing: "lapsed",
      tier: { id: member.id },
      membership: { status: "unpaid" },
    });
  });
});

describe("POST /communities/{slug}/join", () => {
  it("an approved applicant gets a Checkout at the tier's own price; a second join is a 409", async () => {
    const { slug, community, member } = await setup();
    const person = email("joiner");
    await approve(community, person);
    const cookie = await session(person);
    const res = await join(slug, cookie, { tierId: member.id, interval: "year" });
    expect(res.status).toBe(201);
    const { checkoutUrl } = await json(res);
    const sessionId = new URL(checkoutUrl).pathname.split("/").pop()!;
    const checkout = await tools().deps.stripe.checkout.sessions.retrieve(sessionId);
    expect(checkout.amount_total).toBe(29000);
    expect((await json(await api(`/communities/${slug}/me`, { auth: cookie }))).membership).toMatchObject({ status: "incomplete" });

    const second = email("second");
    await joinAndActivate(community, member.id, second);
    await expectError(await join(slug, await session(second), { tierId: member.id, interval: "month" }), 409, "conflict");
  });

  it("never takes an amount: price or amount in the body is a 400 naming it, and nothing is held", async () => {
    const { slug, community, member } = await setup();
    const person = email("tamperer");
    await approve(community, person);
    const cookie = await session(person);
    const tampered = await join(slug, cookie, { tierId: member.id, interval: "month", price: 1, amount: 1 });
    expect((await expectError(tampered, 400, "validation_failed")).sort()).toEqual(["amount", "price"]);
    const bad = await join(slug, cookie, { tierId: "", interval: "weekly" });
    expect((await expectError(bad, 400, "validation_failed")).sort()).toEqual(["interval", "tierId"]);
    const unknown = await join(slug, cookie, { tierId: "tier_unknown", interval: "month" });
    expect(await expectError(unknown, 400, "validation_failed")).toEqual(["tierId"]);
    expect(await rowCount("memberships", "community_id = ? and email = ?", community.id, person)).toBe(0);
  });

  it("403 for someone not approved and for an invite-only tier; 401 signed out", async () => {
    const { slug, community, member, core } = await setup();
    await expectError(await api(`/communities/${slug}/join`, { method: "POST", body: { tierId: member.id, interval: "month" } }), 401, "unauthenticated");
    const stranger = await session(email("unapproved"));
    await expectError(await join(slug, stranger, { tierId: member.id, interval: "month" }), 403, "forbidden");
    const person = email("approved");
    await approve(community, person);
    const sneaky = await join(slug, await session(person), { tierId: core.id, interval: "month" });
    const body = await json(sneaky);
    expect(sneaky.status).toBe(403);
    expect(body.error.message).toMatch(/invitation/i);
    expect(await rowCount("memberships", "community_id = ?", community.id)).toBe(0);
  });

  it("a full tier puts the next approved person on the waitlist: 202 with their place", async () => {
    const { slug, community, member } = await setup({ capacity: 1 });
    const people = [email("first"), email("second"), email("third")];
    for (const p of people) await approve(community, p);
    expect((await join(slug, await session(people[0]!), { tierId: member.id, interval: "month" })).status).toBe(201);
    for (const [i, p] of people.slice(1).entries()) {
      const res = await join(slug, await session(p), { tierId: member.id, interval: "month" });
      expect(res.status).toBe(202);
      expect(await json(res)).toEqual({ waitlisted: true, position: i + 1 });
    }
    const held = await tools().deps.db.select().from(memberships).where(and(eq(memberships.tierId, member.id), eq(memberships.status, "incomplete")));
    expect(held.map((m) => m.email)).toEqual([people[0]]);
    expect((await json(await api(`/communities/${slug}/tiers`))).tiers[0].seatsLeft).toBe(0);
  });
});
