import { beforeAll, describe, expect, it } from "vitest";
import type { Community } from "../../drizzle";
import { setStaffRole } from "../../src/communities/service";
import { devClock } from "../../src/dev/clock";
import { call, tools } from "../helpers";
import { communityWithTiers } from "../memberships/helpers";
import { insertMembership } from "../tiers/helpers";
import { api, expectError, json, session } from "./helpers";
import { joinAndActivate, MODERATOR } from "./membership-helpers";

let owner: string, moderator: string, operator: string, outsider: string;
beforeAll(async () => {
  [owner, moderator, operator, outsider] = await Promise.all(["owner@example.com", MODERATOR, "operator@example.com", "outsider@example.com"].map(session));
});

let n = 0;
const email = (name: string) => `${name}-${++n}-${crypto.randomUUID().slice(0, 6)}@example.com`;

/** A free community with tiers Member (public) and Core (invite-only), a moderator, and active members of Member. */
async function setup(memberCount = 1) {
  const made = await communityWithTiers();
  await setStaffRole(tools().deps, made.community.id, MODERATOR, "moderator");
  const members = [];
  for (let i = 0; i < memberCount; i++) {
    members.push(await insertMembership({ id: made.member.id, communityId: made.community.id }, { status: "active", email: email("member"), joinedAt: new Date() }));
    devClock.advance(1000);
  }
  return { ...made, slug: made.community.slug, members };
}

const apply = (community: Community, applicant: string) =>
  api(`/communities/${community.slug}/applications`, { method: "POST", body: { name: "Mallory", email: applicant, acceptRules: true, answers: {} } });

describe("access", () => {
  it("401 signed out and 403 for outsiders everywhere; moderators read but may not act, export or read the audit log", async () => {
    const { slug, members, core } = await setup();
    const id = members[0]!.id;
    const reads: [string, string][] = [
      ["GET", `/communities/${slug}/members`],
      ["GET", `/communities/${slug}/members/${id}`],
    ];
    const ownerOnly: [string, string, unknown?][] = [
      ["POST", `/communities/${slug}/members/${id}/remove`, { reason: "Spam" }],
      ["POST", `/communities/${slug}/members/${id}/move`, { tierId: core.id, mode: "comped", reason: "Gift" }],
      ["POST", `/communities/${slug}/members/promote`, { email: "x@example.com", reason: "Helpful" }],
      ["POST", `/communities/${slug}/bans`, { email: "x@example.com", reason: "Spam" }],
      ["DELETE", `/communities/${slug}/bans/x@example.com?reason=Sorry`],
      ["POST", `/communities/${slug}/members/exports`, {}],
      ["GET", `/communities/${slug}/audit`],
      ["POST", `/communities/${slug}/members/${id}/remove`, { bogus: true }],
    ];
    for (const [method, path, body] of [...reads, ...ownerOnly]) {
      await expectError(await api(path, { method, body }), 401, "unauthenticated");
      await expectError(await api(path, { method, body, auth: outsider }), 403, "forbidden");
    }
    for (const [method, path, body] of ownerOnly) await expectError(await api(path, { method, body, auth: moderator }), 403, "forbidden");
    for (const [method, path] of reads) expect((await api(path, { method, auth: moderator })).status).toBe(200);
    // Nothing happened along the way.
    expect((await json(await api(`/communities/${slug}/members/${id}`, { auth: owner }))).status).toBe("active");
  });
});

describe("GET /communities/{slug}/members", () => {
  it("pages newest first and filters by tier, status and email", async () => {
    const { slug, members, member, core, community } = await setup(3);
    const comped = await insertMembership({ id: core.id, communityId: community.id }, { status: "active", email: email("vip"), comped: true });
    await insertMembership({ id: member.id, communityId: community.id }, { status: "removed", email: email("gone") });

    const first = await json(await api(`/communities/${slug}/members?limit=2`, { auth: owner }));
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const rest = await json(await api(`/communities/${slug}/members?limit=10&cursor=${encodeURIComponent(first.nextCursor)}`, { auth: owner }));
    expect(rest.nextCursor).toBeNull();
    expect(new Set([...first.items, ...rest.items].map((m: { id: string }) => m.id)).size).toBe(5);

    const coreOnly = await json(await api(`/communities/${slug}/members?tierId=${core.id}`, { auth: owner }));
    expect(coreOnly.items.map((m: { id: string }) => m.id)).toEqual([comped.id]);
    expect(coreOnly.items[0]).toMatchObject({ comped: true, price: null, tier: { id: core.id, name: "Core", rank: 2 } });
    const removed = await json(await api(`/communities/${slug}/members?status=removed`, { auth: owner }));
    expect(removed.items).toHaveLength(1);
    const byEmail = await json(await api(`/communities/${slug}/members?q=${encodeURIComponent(members[1]!.email.slice(0, 12))}`, { auth: moderator }));
    expect(byEmail.items.map((m: { email: string }) => m.email)).toEqual([members[1]!.email]);
    // No Stripe ids or internals in the member view.
    for (const key of ["stripeSubscriptionId", "stripeCustomerId", "checkoutSessionId"]) expect(first.items[0]).not.toHaveProperty(key);

    const bad = await api(`/communities/${slug}/members?status=gone&limit=0&sort=email`, { auth: owner });
    expect((await expectError(bad, 400, "validation_failed")).sort()).toEqual(["limit", "sort", "status"]);
  });

  it("answers 404 for a member of another community", async () => {
    const a = await setup();
    const b = await setup(0);
    await expectError(await api(`/communities/${b.slug}/members/${a.members[0]!.id}`, { auth: owner }), 404, "not_found");
  });
});

describe("POST /communities/{slug}/members/{id}/remove", () => {
  it("ends access at once: the member's /me says none and their member home sends them away", async () => {
    const { slug, members } = await setup();
    const person = members[0]!;
    const cookie = await session(person.email);
    expect(await json(await api(`/communities/${slug}/me`, { auth: cookie }))).toMatchObject({ role: "member", standing: "good" });
    expect((await call(`/c/${slug}/home`, { cookie })).status).toBe(200);

    const path = `/communities/${slug}/members/${person.id}/remove`;
    expect(await expectError(await api(path, { method: "POST", auth: owner, body: { reason: "   " } }), 400, "validation_failed")).toEqual(["reason"]);
    expect((await expectError(await api(path, { method: "POST", auth: owner, body: { refund: "yes" } }), 400, "validation_failed")).sort()).toEqual(["reason", "refund"]);

    const res = await api(path, { method: "POST", auth: owner, body: { reason: "Harassment", refund: false } });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toMatchObject({ changed: true, member: { id: person.id, status: "removed", endedReason: "Harassment" } });

    expect(await json(await api(`/communities/${slug}/me`, { auth: cookie }))).toEqual({ role: "none", standing: "none", tier: null, membership: null });
    const home = await call(`/c/${slug}/home`, { cookie });
    expect(home.status).toBe(303);
    expect(home.headers.get("location")).toBe(`/c/${slug}`);

    const again = await json(await api(path, { method: "POST", auth: owner, body: { reason: "Harassment" } }));
    expect(again.changed).toBe(false);
    const audit = await json(await api(`/communities/${slug}/audit`, { auth: owner }));
    expect(audit.items.filter((e: { action: string }) => e.action === "member.removed")).toEqual([
      expect.objectContaining({ actor: "owner@example.com", subject: person.email, reason: "Harassment" }),
    ]);
  });

  it("cancels a paying member's subscription at Stripe", async () => {
    const { community, member, slug } = await setup(0);
    const { membershipId, subscriptionId } = await joinAndActivate(community, member.id, email("payer"));
    const body = await json(await api(`/communities/${slug}/members/${membershipId}/remove`, { method: "POST", auth: operator, body: { reason: "Chargeback" } }));
    expect(body).toMatchObject({ changed: true, billing: { subscriptionId, canceled: "now", refund: null, error: null } });
    expect((await tools().deps.stripe.subscriptions.retrieve(subscriptionId)).status).toBe("canceled");
  });
});

describe("POST /communities/{slug}/members/{id}/move", () => {
  it("comps a member into another tier; refuses unknown tiers and bad modes by name", async () => {
    const { slug, members, core } = await setup();
    const path = `/communities/${slug}/members/${members[0]!.id}/move`;
    const bad = await api(path, { method: "POST", auth: owner, body: { tierId: "", mode: "free", reason: "" } });
    expect((await expectError(bad, 400, "validation_failed")).sort()).toEqual(["mode", "reason", "tierId"]);
    const unknown = await api(path, { method: "POST", auth: owner, body: { tierId: "tier_nope", mode: "comped", reason: "Gift" } });
    expect(await expectError(unknown, 400, "validation_failed")).toEqual(["tierId"]);
    const res = await api(path, { method: "POST", auth: owner, body: { tierId: core.id, mode: "comped", reason: "Speaker at our event" } });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ changed: true, member: { comped: true, status: "active", price: null, tier: { id: core.id } } });
  });
});

describe("POST /communities/{slug}/members/promote", () => {
  it("makes someone a moderator (once); owners cannot be promoted", async () => {
    const { slug, members } = await setup();
    const person = members[0]!;
    const body = { email: person.email.toUpperCase(), reason: "Great reviewer" };
    expect(await json(await api(`/communities/${slug}/members/promote`, { method: "POST", auth: owner, body }))).toEqual({ changed: true, billing: null });
    expect(await json(await api(`/communities/${slug}/members/promote`, { method: "POST", auth: owner, body }))).toEqual({ changed: false, billing: null });
    expect((await json(await api(`/communities/${slug}/me`, { auth: await session(person.email) }))).role).toBe("moderator");
    expect(await json(await api(`/communities/${slug}/members/${person.id}`, { auth: owner }))).toMatchObject({ staffRole: "moderator", banned: false });
    const ownerPromote = await api(`/communities/${slug}/members/promote`, { method: "POST", auth: owner, body: { email: "owner@example.com", reason: "x" } });
    await expectError(ownerPromote, 409, "conflict");
    const bad = await api(`/communities/${slug}/members/promote`, { method: "POST", auth: owner, body: { email: "not-an-email" } });
    expect((await expectError(bad, 400, "validation_failed")).sort()).toEqual(["email", "reason"]);
  });
});

describe("bans", () => {
  it("a ban ends the membership and blocks a later application and join (403); lifting it lets them apply again", async () => {
    const { community, slug, members, member } = await setup();
    const person = members[0]!;
    const res = await api(`/communities/${slug}/bans`, { method: "POST", auth: owner, body: { email: person.email, reason: "Doxxing" } });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ changed: true });
    expect(await json(await api(`/communities/${slug}/members/${person.id}`, { auth: owner }))).toMatchObject({ status: "removed", banned: true });

    const applied = await apply(community, person.email);
    expect(await expectError(applied, 403, "forbidden")).toEqual([]);
    const join = await api(`/communities/${slug}/join`, { method: "POST", auth: await session(person.email), body: { tierId: member.id, interval: "month" } });
    await expectError(join, 403, "forbidden");
    // Someone never seen before can be banned too, before they ever apply.
    const stranger = email("stranger");
    await api(`/communities/${slug}/bans`, { method: "POST", auth: owner, body: { email: stranger, reason: "Known scammer" } });
    await expectError(await apply(community, stranger), 403, "forbidden");

    const unbanPath = `/communities/${slug}/bans/${encodeURIComponent(person.email)}`;
    expect(await expectError(await api(unbanPath, { method: "DELETE", auth: owner }), 400, "validation_failed")).toEqual(["reason"]);
    const lifted = await api(`${unbanPath}?reason=${encodeURIComponent("Appeal accepted")}`, { method: "DELETE", auth: owner });
    expect(await json(lifted)).toEqual({ changed: true, billing: null });
    expect((await apply(community, person.email)).status).toBe(201);
    const viaBody = await api(`/communities/${slug}/bans/${encodeURIComponent(stranger)}`, { method: "DELETE", auth: owner, body: { reason: "Mistaken identity" } });
    expect(await json(viaBody)).toEqual({ changed: true, billing: null });
    const repeat = await api(`/communities/${slug}/bans/${encodeURIComponent(stranger)}`, { method: "DELETE", auth: owner, body: { reason: "Again" } });
    expect((await json(repeat)).changed).toBe(false);
  });

  it("refuses to ban an owner or an operator (409) and names bad fields", async () => {
    const { slug } = await setup(0);
    await expectError(await api(`/communities/${slug}/bans`, { method: "POST", auth: owner, body: { email: "owner@example.com", reason: "x" } }), 409, "conflict");
    await expectError(await api(`/communities/${slug}/bans`, { method: "POST", auth: owner, body: { email: "operator@example.com", reason: "x" } }), 409, "conflict");
    const bad = await api(`/communities/${slug}/bans`, { method: "POST", auth: owner, body: { email: "nope", reason: "", refund: true } });
    expect((await expectError(bad, 400, "validation_failed")).sort()).toEqual(["email", "reason", "refund"]);
  });
});

describe("GET /communities/{slug}/audit", () => {
  it("pages the audit log newest first", async () => {
    const { slug, members } = await setup(3);
    for (const m of members) await api(`/communities/${slug}/members/${m.id}/remove`, { method: "POST", auth: owner, body: { reason: `Bye ${m.email}` } });
    const first = await json(await api(`/communities/${slug}/audit?limit=2`, { auth: owner }));
    expect(first.items).toHaveLength(2);
    expect(first.items[0]).toMatchObject({ action: "member.removed", actor: "owner@example.com", detail: expect.any(Object), createdAt: expect.any(String) });
    const next = await json(await api(`/communities/${slug}/audit?cursor=${encodeURIComponent(first.nextCursor)}`, { auth: owner }));
    expect(next.items.map((e: { id: string }) => e.id)).not.toContain(first.items[0].id);
    await expectError(await api(`/communities/${slug}/audit?limit=500`, { auth: owner }), 400, "validation_failed");
  });
});
