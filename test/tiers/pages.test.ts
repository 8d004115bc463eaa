import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { memberships, tierInvites, tiers } from "../../drizzle";
import { setStaffRole } from "../../src/communities/service";
import { activePrices, listTiers } from "../../src/tiers/service";
import { BASE, call, makeCommunity, postForm, signIn, tools } from "../helpers";
import { communityWithTier, DAY, insertMembership, tierRowCounts } from "./helpers";

const form = (overrides: Record<string, string> = {}) => ({
  name: "Member",
  description: "The base of the pyramid.",
  perks: "Forum\r\nWeekly drops\r\n",
  rank: "1",
  visibility: "public",
  capacity: "",
  trialDays: "0",
  monthly: "29.00",
  yearly: "290",
  currency: "usd",
  ...overrides,
});

describe("owner tier pages", () => {
  let owner: string;
  beforeAll(async () => {
    owner = await signIn("owner@example.com");
  });

  it("are for owners: a moderator gets 403 on every page and form", async () => {
    const { community, tier } = await communityWithTier({ visibility: "invite_only" });
    await setStaffRole(tools().deps, community.id, "tier-mod@example.com", "moderator");
    const mod = await signIn("tier-mod@example.com");
    const base = `/c/${community.slug}/admin/tiers`;
    for (const path of [base, `${base}/new`, `${base}/${tier.id}`]) expect((await call(path, { cookie: mod })).status).toBe(403);
    for (const path of [`${base}/new`, `${base}/${tier.id}`, `${base}/${tier.id}/invites`, `${base}/${tier.id}/archive`, `${base}/${tier.id}/migrations`]) {
      expect((await postForm(path, form({ name: "Hijacked" }), mod)).status).toBe(403);
    }
    expect((await call(base)).status).toBeGreaterThanOrEqual(300); // signed out: sent to sign in
    expect((await listTiers(tools().deps.db, community.id)).map((t) => t.name)).toEqual(["Member"]);
    // The nav shows moderators no Tiers link; owners get one.
    expect(await (await call(`/c/${community.slug}/admin/applications`, { cookie: mod })).text()).not.toContain(`href="${base}"`);
    expect(await (await call(`/c/${community.slug}/admin/applications`, { cookie: owner })).text()).toContain(`href="${base}"`);
  });

  it("creates a tier through the form, with every input labelled", async () => {
    const { community } = await makeCommunity({ feeAmount: 0 }, []);
    const base = `/c/${community.slug}/admin/tiers`;
    const page = await (await call(`${base}/new`, { cookie: owner })).text();
    for (const [id, label] of [["tier-name", "Name"], ["tier-description", "Description"], ["tier-perks", "Perks"], ["tier-rank", "Rank"], ["tier-capacity", "Capacity"], ["tier-trialDays", "Trial days"], ["tier-monthly", "Monthly price"], ["tier-yearly", "Yearly price"], ["tier-currency", "Currency"]]) {
      expect(page).toContain(`<label for="${id}">${label}</label>`);
    }
    expect(page).toContain("<legend>Visibility</legend>");

    const res = await postForm(`${base}/new`, form({ capacity: "250", trialDays: "7" }), owner);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`${base}?done=created`);
    const [tier] = await listTiers(tools().deps.db, community.id);
    expect(tier).toMatchObject({ name: "Member", perks: ["Forum", "Weekly drops"], capacity: 250, trialDays: 7, rank: 1 });
    const prices = await activePrices(tools().deps.db, tier!.id);
    expect([prices.month?.amount, prices.year?.amount]).toEqual([2900, 29000]);

    const list = await (await call(`${base}?done=created`, { cookie: owner })).text();
    expect(list).toContain("Tier created");
    expect(list).toContain("$29.00 / month · $290.00 / year");
    expect(list).toContain("0 of 250");
  });

  it("re-renders a bad form with 400, each field named and the values kept, writing nothing", async () => {
    const { community } = await makeCommunity({ feeAmount: 0 }, []);
    const base = `/c/${community.slug}/admin/tiers`;
    const res = await postForm(`${base}/new`, form({ name: "Keep me, please", rank: "0", monthly: "0.20", yearly: "abc", capacity: "-1", trialDays: "120" }), owner);
    expect(res.status).toBe(400);
    const html = await res.text();
    for (const id of ["tier-rank", "tier-monthly", "tier-yearly", "tier-capacity", "tier-trialDays"]) expect(html).toContain(`id="${id}-error"`);
    expect(html).toContain('value="Keep me, please"');
    expect(html).toContain("A price must be at least $0.50");
    const typo = await (await postForm(`${base}/new`, form({ monthly: "29,00", yearly: "" }), owner)).text();
    expect(typo).toContain('id="tier-monthly-error"');
    expect(typo).not.toContain("Give a monthly or a yearly price");
    const none = await postForm(`${base}/new`, form({ monthly: "", yearly: "" }), owner);
    expect(none.status).toBe(400);
    expect(await none.text()).toContain("Give a monthly or a yearly price (or both)");
    expect(await tierRowCounts(community.id)).toEqual({ tiers: 0, prices: 0, audit: 0 });
  });

  it("edits a tier: a new price for new members only, with the grandfathering note", async () => {
    const { deps } = tools();
    const { community, tier } = await communityWithTier();
    const member = await insertMembership(tier, { status: "active", priceId: tier.prices.month!.id });
    const url = `/c/${community.slug}/admin/tiers/${tier.id}`;
    const page = await (await call(url, { cookie: owner })).text();
    expect(page).toContain("Changing a price only affects new members.");
    expect(page).toContain("Move existing members to the new price");
    expect(page).toContain('value="29.00"');

    const res = await postForm(url, form({ name: "Members", monthly: "35.00" }), owner);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`${url}?done=saved`);
    expect((await activePrices(deps.db, tier.id)).month!.amount).toBe(3500);
    expect((await deps.db.query.memberships.findFirst({ where: eq(memberships.id, member.id) }))!.priceId).toBe(tier.prices.month!.id);

    const after = await (await call(`${url}?done=saved`, { cookie: owner })).text();
    expect(after).toContain("No (grandfathered)");
    expect(after).toContain("1 member of Members still pays an older price");

    const bad = await postForm(url, form({ name: "Members", rank: "x" }), owner);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('id="tier-rank-error"');
  });

  it("schedules a move to the new price only with 7 days' notice, and a reason", async () => {
    const { deps } = tools();
    const { community, tier } = await communityWithTier();
    const member = await insertMembership(tier, { status: "active", priceId: tier.prices.month!.id, stripeSubscriptionId: `sub_page_${tier.id}` });
    const url = `/c/${community.slug}/admin/tiers/${tier.id}`;
    await postForm(url, form({ monthly: "35.00" }), owner);
    const day = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);

    const soon = await postForm(`${url}/migrations`, { interval: "month", effectiveAt: day(3), reason: "Costs" }, owner);
    expect(soon.status).toBe(400);
    const soonHtml = await soon.text();
    expect(soonHtml).toContain('id="migrate-effectiveAt-error"');
    expect(soonHtml).toContain(`value="${day(3)}"`);
    const garbled = await postForm(`${url}/migrations`, { interval: "month", effectiveAt: "next week", reason: "" }, owner);
    expect(garbled.status).toBe(400);
    expect(await garbled.text()).toContain("Enter a date like");

    const ok = await postForm(`${url}/migrations`, { interval: "month", effectiveAt: day(10), reason: "Costs went up" }, owner);
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toBe(`${url}?done=scheduled`);
    expect((await deps.db.query.memberships.findFirst({ where: eq(memberships.id, member.id) }))!.pendingPriceAt).toEqual(new Date(`${day(10)}T00:00:00Z`));
  });

  it("creates invite links for an invite-only tier and shows them", async () => {
    const { community, tier } = await communityWithTier({ visibility: "invite_only", name: "Core" });
    const url = `/c/${community.slug}/admin/tiers/${tier.id}`;
    const bad = await postForm(`${url}/invites`, { email: "nope", maxUses: "0", days: "14" }, owner);
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain('id="invite-email-error"');
    expect(badHtml).toContain('id="invite-maxUses-error"');

    const res = await postForm(`${url}/invites`, { email: "friend@example.com", maxUses: "1", days: "14" }, owner);
    expect(res.status).toBe(303);
    const location = res.headers.get("location")!;
    expect(location).toMatch(new RegExp(`^${url}\\?done=invited&invite=inv_\\w+#invites$`));
    const invite = await tools().deps.db.query.tierInvites.findFirst({ where: eq(tierInvites.tierId, tier.id) });
    const link = `${BASE}/c/${community.slug}/join?invite=${invite!.token}`;
    expect(await (await call(location.replace(/#.*/, ""), { cookie: owner })).text()).toContain(`Send this invite link to friend@example.com: <code>${link}</code>`);
    expect(await (await call(`/c/${community.slug}/admin/tiers`, { cookie: owner })).text()).toContain(link);
  });

  it("archives only an empty tier", async () => {
    const { deps } = tools();
    const { community, tier } = await communityWithTier();
    const url = `/c/${community.slug}/admin/tiers/${tier.id}`;
    const member = await insertMembership(tier, { status: "active", priceId: tier.prices.month!.id });
    const busy = await postForm(`${url}/archive`, {}, owner);
    expect(busy.status).toBe(409);
    expect(await busy.text()).toContain("still has members");
    await deps.db.update(memberships).set({ status: "canceled" }).where(eq(memberships.id, member.id));
    const res = await postForm(`${url}/archive`, {}, owner);
    expect(res.status).toBe(303);
    expect((await deps.db.query.tiers.findFirst({ where: eq(tiers.id, tier.id) }))!.archivedAt).not.toBeNull();
    const list = await (await call(`/c/${community.slug}/admin/tiers?done=archived`, { cookie: owner })).text();
    expect(list).toContain("Archived");
  });
});
