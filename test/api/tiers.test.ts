import { beforeAll, describe, expect, it } from "vitest";
import { setStaffRole } from "../../src/communities/service";
import { makeCommunity, tools } from "../helpers";
import { insertMembership } from "../tiers/helpers";
import { api, expectError, json, rowCount, session } from "./helpers";
import { joinAndActivate, MODERATOR } from "./membership-helpers";

let owner: string, moderator: string, operator: string, outsider: string;
beforeAll(async () => {
  [owner, moderator, operator, outsider] = await Promise.all(["owner@example.com", MODERATOR, "operator@example.com", "outsider@example.com"].map(session));
});

const tierBody = (overrides: Record<string, unknown> = {}) => ({
  name: "Member",
  description: "The **base** of the pyramid.",
  perks: ["Forum", "Weekly drops"],
  rank: 1,
  monthlyAmount: 2900,
  yearlyAmount: 29000,
  currency: "usd",
  ...overrides,
});

async function community() {
  const { community: c } = await makeCommunity({ feeAmount: 0 }, []);
  await setStaffRole(tools().deps, c.id, MODERATOR, "moderator");
  return { community: c, slug: c.slug };
}

async function createTier(slug: string, body: Record<string, unknown>, auth = owner) {
  const res = await api(`/communities/${slug}/tiers`, { method: "POST", body, auth });
  const created = await json(res);
  expect(res.status, JSON.stringify(created)).toBe(201);
  return created;
}

const names = (body: { tiers: { name: string }[] }) => body.tiers.map((t) => t.name);

describe("GET /communities/{slug}/tiers", () => {
  it("shows visitors the open public tiers with current prices, perks, rank and seats left; staff see every tier", async () => {
    const { community: c, slug } = await community();
    const base = await createTier(slug, tierBody({ capacity: 3 }));
    await createTier(slug, tierBody({ name: "Core", rank: 2, visibility: "invite_only", yearlyAmount: null, monthlyAmount: 7900 }));
    const old = await createTier(slug, tierBody({ name: "Old", rank: 3 }));
    expect((await api(`/communities/${slug}/tiers/${old.id}`, { method: "DELETE", auth: owner })).status).toBe(204);
    await insertMembership({ id: base.id, communityId: c.id }, { status: "active" });

    const res = await api(`/communities/${slug}/tiers`);
    expect(res.status).toBe(200);
    const visitor = await json(res);
    expect(names(visitor)).toEqual(["Member"]);
    expect(visitor.tiers[0]).toEqual({
      id: base.id,
      name: "Member",
      description: "The **base** of the pyramid.",
      perks: ["Forum", "Weekly drops"],
      rank: 1,
      visibility: "public",
      capacity: 3,
      seatsLeft: 2,
      trialDays: 0,
      currency: "usd",
      prices: { month: { amount: 2900, currency: "usd" }, year: { amount: 29000, currency: "usd" } },
      archivedAt: null,
    });
    // No Stripe ids, invites or member counts leak to the public.
    expect(JSON.stringify(visitor)).not.toMatch(/price_|prod_|stripe|invite\?/i);
    // A signed-in person who is not staff sees what a visitor sees.
    expect(names(await json(await api(`/communities/${slug}/tiers`, { auth: outsider })))).toEqual(["Member"]);

    for (const staff of [owner, moderator, operator]) {
      const all = await json(await api(`/communities/${slug}/tiers`, { auth: staff }));
      expect(names(all)).toEqual(["Member", "Core", "Old"]);
      const core = all.tiers[1];
      expect(core).toMatchObject({ visibility: "invite_only", capacity: null, seatsLeft: null, prices: { month: { amount: 7900 } } });
      expect(core.prices).not.toHaveProperty("year");
      expect(all.tiers[2].archivedAt).toEqual(expect.any(String));
    }
  });

  it("answers 404 for an unknown community", async () => {
    await expectError(await api("/communities/no-such-community/tiers"), 404, "not_found");
  });
});

describe("POST /communities/{slug}/tiers", () => {
  it("creates a tier with its Stripe product and prices (owners and operators)", async () => {
    const { slug } = await community();
    const tier = await createTier(slug, tierBody({ trialDays: 7 }));
    expect(tier).toMatchObject({ name: "Member", rank: 1, trialDays: 7, visibility: "public", seatsLeft: null, prices: { month: { amount: 2900 } } });
    expect(await rowCount("tier_prices", "tier_id = ?", tier.id)).toBe(2);
    const byOperator = await createTier(slug, tierBody({ name: "Patrons", rank: 5, yearlyAmount: null }), operator);
    expect(byOperator.prices).toEqual({ month: { amount: 2900, currency: "usd" } });
  });

  it("401 signed out and 403 for moderators and outsiders, whatever the body", async () => {
    const { slug } = await community();
    for (const body of [tierBody(), { rank: "x" }]) {
      await expectError(await api(`/communities/${slug}/tiers`, { method: "POST", body }), 401, "unauthenticated");
      await expectError(await api(`/communities/${slug}/tiers`, { method: "POST", body, auth: moderator }), 403, "forbidden");
      await expectError(await api(`/communities/${slug}/tiers`, { method: "POST", body, auth: outsider }), 403, "forbidden");
    }
    expect(await rowCount("tiers", "community_id = (select id from communities where slug = ?)", slug)).toBe(0);
  });

  it("names every bad field and writes nothing", async () => {
    const { slug } = await community();
    const bad = await api(`/communities/${slug}/tiers`, {
      method: "POST",
      auth: owner,
      body: { name: "x", rank: 0, visibility: "secret", monthlyAmount: 10, yearlyAmount: 12.5, currency: "xyz", capacity: 0, stripePriceId: "price_1" },
    });
    const fields = await expectError(bad, 400, "validation_failed");
    expect(fields.sort()).toEqual(["capacity", "currency", "monthlyAmount", "name", "rank", "stripePriceId", "visibility", "yearlyAmount"].sort());

    const noPrice = await api(`/communities/${slug}/tiers`, { method: "POST", auth: owner, body: tierBody({ monthlyAmount: null, yearlyAmount: null }) });
    expect((await expectError(noPrice, 400, "validation_failed")).sort()).toEqual(["monthlyAmount", "yearlyAmount"]);

    await createTier(slug, tierBody());
    const sameRank = await api(`/communities/${slug}/tiers`, { method: "POST", auth: owner, body: tierBody({ name: "Twin" }) });
    expect(await expectError(sameRank, 400, "validation_failed")).toEqual(["rank"]);
    expect(await rowCount("tiers", "community_id = (select id from communities where slug = ?)", slug)).toBe(1);
  });
});

describe("PATCH /communities/{slug}/tiers/{id}", () => {
  it("changes fields; refuses bad ones by name, other roles, unknown tiers and other communities' tiers", async () => {
    const { slug } = await community();
    const tier = await createTier(slug, tierBody());
    const path = `/communities/${slug}/tiers/${tier.id}`;
    const ok = await api(path, { method: "PATCH", auth: owner, body: { name: "Members", perks: ["Forum"], capacity: 10 } });
    expect(ok.status).toBe(200);
    expect(await json(ok)).toMatchObject({ name: "Members", perks: ["Forum"], capacity: 10, seatsLeft: 10, prices: { month: { amount: 2900 } } });

    const bad = await api(path, { method: "PATCH", auth: owner, body: { rank: "top", monthlyAmount: 10, trialDays: 365, price: 1 } });
    expect((await expectError(bad, 400, "validation_failed")).sort()).toEqual(["monthlyAmount", "price", "rank", "trialDays"]);
    const currency = await api(path, { method: "PATCH", auth: owner, body: { currency: "eur" } });
    expect(await expectError(currency, 400, "validation_failed")).toEqual(["currency"]);
    const noPrice = await api(path, { method: "PATCH", auth: owner, body: { monthlyAmount: null, yearlyAmount: null } });
    expect((await expectError(noPrice, 400, "validation_failed")).sort()).toEqual(["monthlyAmount", "yearlyAmount"]);

    await expectError(await api(path, { method: "PATCH", body: { name: "Nope" } }), 401, "unauthenticated");
    await expectError(await api(path, { method: "PATCH", auth: moderator, body: { name: "Nope" } }), 403, "forbidden");
    await expectError(await api(`/communities/${slug}/tiers/tier_missing`, { method: "PATCH", auth: owner, body: { name: "Nope" } }), 404, "not_found");
    const other = await community();
    await expectError(await api(`/communities/${other.slug}/tiers/${tier.id}`, { method: "PATCH", auth: owner, body: { name: "Nope" } }), 404, "not_found");
    expect((await json(await api(`/communities/${slug}/tiers`))).tiers[0].name).toBe("Members");
  });

  it("a price change is for newcomers: an existing member keeps the price they joined at", async () => {
    const { community: c, slug } = await community();
    const tier = await createTier(slug, tierBody());
    const joined = await joinAndActivate(c, tier.id, "grandfathered@example.com");

    const res = await api(`/communities/${slug}/tiers/${tier.id}`, { method: "PATCH", auth: owner, body: { monthlyAmount: 3900 } });
    expect(res.status).toBe(200);
    expect((await json(res)).prices).toEqual({ month: { amount: 3900, currency: "usd" }, year: { amount: 29000, currency: "usd" } });
    expect((await json(await api(`/communities/${slug}/tiers`))).tiers[0].prices.month.amount).toBe(3900);

    const member = await json(await api(`/communities/${slug}/members/${joined.membershipId}`, { auth: owner }));
    expect(member).toMatchObject({ status: "active", price: { interval: "month", amount: 2900, currency: "usd" } });
    const sub = await tools().deps.stripe.subscriptions.retrieve(joined.subscriptionId);
    expect(sub.items.data[0]!.price.unit_amount).toBe(2900);

    // Moving them is a separate, announced step: at least 7 days ahead.
    const migrations = `/communities/${slug}/tiers/${tier.id}/migrations`;
    const now = tools().deps.now().getTime();
    const soon = await api(migrations, { method: "POST", auth: owner, body: { interval: "month", effectiveAt: new Date(now + 2 * 86_400_000).toISOString(), reason: "Costs" } });
    expect(await expectError(soon, 400, "validation_failed")).toEqual(["effectiveAt"]);
    const garbled = await api(migrations, { method: "POST", auth: owner, body: { interval: "week", effectiveAt: "next month", reason: "" } });
    expect((await expectError(garbled, 400, "validation_failed")).sort()).toEqual(["effectiveAt", "interval", "reason"]);
    await expectError(await api(migrations, { method: "POST", auth: moderator, body: { interval: "month" } }), 403, "forbidden");
    const effectiveAt = new Date(now + 10 * 86_400_000).toISOString();
    const scheduled = await api(migrations, { method: "POST", auth: owner, body: { interval: "month", effectiveAt, reason: "Costs went up" } });
    expect(scheduled.status).toBe(200);
    expect(await json(scheduled)).toEqual({ scheduled: 1 });
    const after = await json(await api(`/communities/${slug}/members/${joined.membershipId}`, { auth: owner }));
    expect(after).toMatchObject({ pendingPriceAt: effectiveAt, price: { amount: 2900 } });
  });
});

describe("DELETE /communities/{slug}/tiers/{id}", () => {
  it("archives an empty tier (twice is fine), refuses one with live members (409), owners only", async () => {
    const { community: c, slug } = await community();
    const full = await createTier(slug, tierBody());
    const empty = await createTier(slug, tierBody({ name: "Empty", rank: 2 }));
    await insertMembership({ id: full.id, communityId: c.id }, { status: "past_due" });
    await expectError(await api(`/communities/${slug}/tiers/${full.id}`, { method: "DELETE", auth: owner }), 409, "conflict");
    await expectError(await api(`/communities/${slug}/tiers/${empty.id}`, { method: "DELETE" }), 401, "unauthenticated");
    await expectError(await api(`/communities/${slug}/tiers/${empty.id}`, { method: "DELETE", auth: moderator }), 403, "forbidden");
    for (let i = 0; i < 2; i++) expect((await api(`/communities/${slug}/tiers/${empty.id}`, { method: "DELETE", auth: owner })).status).toBe(204);
    expect(names(await json(await api(`/communities/${slug}/tiers`)))).toEqual(["Member"]);
    const archived = await api(`/communities/${slug}/tiers/${empty.id}`, { method: "PATCH", auth: owner, body: { name: "Back" } });
    await expectError(archived, 409, "conflict");
  });
});

describe("POST /communities/{slug}/tiers/{id}/invites", () => {
  it("returns the join link for an invite-only tier; refuses public tiers, bad input and moderators", async () => {
    const { slug } = await community();
    const core = await createTier(slug, tierBody({ name: "Core", visibility: "invite_only" }));
    const open = await createTier(slug, tierBody({ name: "Open", rank: 2 }));
    const res = await api(`/communities/${slug}/tiers/${core.id}/invites`, { method: "POST", auth: owner, body: { email: "Ada@Example.com", maxUses: 1, days: 7 } });
    expect(res.status).toBe(201);
    const invite = await json(res);
    expect(invite).toMatchObject({ tierId: core.id, email: "ada@example.com", maxUses: 1, uses: 0 });
    expect(invite.url).toMatch(new RegExp(`/c/${slug}/join\\?invite=[A-Za-z0-9_-]{20,}$`));
    expect(new Date(invite.expiresAt).getTime() - new Date(invite.createdAt).getTime()).toBe(7 * 86_400_000);

    const defaults = await json(await api(`/communities/${slug}/tiers/${core.id}/invites`, { method: "POST", auth: owner, body: {} }));
    expect(defaults).toMatchObject({ email: null, maxUses: 1 });
    await expectError(await api(`/communities/${slug}/tiers/${open.id}/invites`, { method: "POST", auth: owner, body: {} }), 409, "conflict");
    const bad = await api(`/communities/${slug}/tiers/${core.id}/invites`, { method: "POST", auth: owner, body: { email: "nope", maxUses: 0, days: 400 } });
    expect((await expectError(bad, 400, "validation_failed")).sort()).toEqual(["days", "email", "maxUses"]);
    await expectError(await api(`/communities/${slug}/tiers/${core.id}/invites`, { method: "POST", auth: moderator, body: {} }), 403, "forbidden");
  });
});

describe("OpenAPI", () => {
  it("documents grandfathering on PATCH and keeps amounts out of the join request", async () => {
    const doc = await json(await api("/openapi.json"));
    expect(doc.paths["/communities/{slug}/tiers/{id}"].patch.description).toMatch(/grandfather/i);
    const join = doc.components.schemas.JoinRequest;
    expect(join.additionalProperties).toBe(false);
    expect(Object.keys(join.properties).sort()).toEqual(["interval", "tierId"]);
    expect(doc.paths["/communities/{slug}/members/exports/{id}/download"].get.responses["200"].content).toHaveProperty("text/csv");
    expect(Object.keys(doc.paths["/communities/{slug}/join"].post.responses)).toEqual(expect.arrayContaining(["201", "202", "403", "409"]));
  });
});
