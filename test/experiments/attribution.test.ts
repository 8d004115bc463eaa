import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { experimentConversions, experimentDaily, memberships } from "../../drizzle";
import { decideApplication } from "../../src/review/decisions";
import { call, payCheckout, tools } from "../helpers";
import { session } from "../api/helpers";
import { approve } from "../memberships/helpers";
import { applyAndPay, assignmentOf, OWNER, tierExperiment, uniqueEmail, variantsOf, visitorCookie, visitorIn } from "./helpers";

async function conversionsOf(experimentId: string) {
  return tools().deps.db.select().from(experimentConversions).where(eq(experimentConversions.experimentId, experimentId));
}

describe("attribution from real payments (emulator)", { timeout: 20_000 }, () => {
  it("a paid application fee is a conversion with its revenue on the visitor's variant, counted once", async () => {
    const { experiment, visitor, app, checkout } = await applyAndPay({ index: 1 });
    expect(checkout.amount_total).toBe(4000);
    expect(app).toMatchObject({ feeAmount: 4000, paymentStatus: "paid", visitorId: visitor });
    const [a, b] = await variantsOf(experiment.id);
    expect([a.conversions, a.revenue]).toEqual([0, 0]);
    expect([b.exposures, b.conversions, b.revenue, b.revenueSq]).toEqual([1, 1, 4000, 4000 * 4000]);
    expect((await conversionsOf(experiment.id)).map((c) => [c.variantId, c.source, c.amount])).toEqual([[b.id, `fee:${app.paymentIntentId}`, 4000]]);
    expect((await assignmentOf(experiment.id, visitor))!.convertedAt).toBeInstanceOf(Date);
    const [day] = await tools().deps.db.select().from(experimentDaily).where(eq(experimentDaily.variantId, b.id));
    expect([day.exposures, day.conversions, day.revenue]).toEqual([1, 1, 4000]);

    // Stripe sends every event again: nothing is counted twice.
    const { emulator } = tools();
    for (const event of await emulator.listEvents()) await emulator.redeliver(event.id);
    const again = (await variantsOf(experiment.id))[1];
    expect([again.conversions, again.revenue]).toEqual([1, 4000]);
    expect(await conversionsOf(experiment.id)).toHaveLength(1);
  });

  it("a fee refunded on rejection (refund_on_rejection) is subtracted from the variant's revenue", async () => {
    const { community, experiment, app } = await applyAndPay({ policy: "refund_on_rejection", index: 0 });
    const { deps, emulator } = tools();
    await decideApplication(deps, community, { applicationId: app.id, decision: "reject", reason: "Not now", actor: OWNER });
    await emulator.deliverPending();
    const [a] = await variantsOf(experiment.id);
    expect([a.conversions, a.revenue]).toEqual([1, 0]);
    const rows = (await conversionsOf(experiment.id)).map((c) => [c.source, c.amount]).sort();
    expect(rows).toEqual([
      [`fee-refund:${app.paymentIntentId}`, -2500],
      [`fee:${app.paymentIntentId}`, 2500],
    ]);
    for (const event of await emulator.listEvents()) await emulator.redeliver(event.id);
    expect((await variantsOf(experiment.id))[0].revenue).toBe(0);
  });

  it("a tier's first subscription payment is the conversion, at the variant's price", async () => {
    const { community, experiment, variants, tier } = await tierExperiment();
    const email = uniqueEmail("joiner");
    await approve(community, email);
    const visitor = visitorIn(experiment, variants, 1);
    const cookie = `${await session(email)}; ${visitorCookie(visitor)}`;
    expect(await (await call(`/c/${community.slug}/join`, { cookie, headers: { "user-agent": "Mozilla/5.0" } })).text()).toContain("$49.00 per month");
    const res = await call(`/c/${community.slug}/join`, {
      method: "POST",
      cookie,
      body: new URLSearchParams({ tier_id: tier.id, interval: "month" }),
      headers: { "content-type": "application/x-www-form-urlencoded", "user-agent": "Mozilla/5.0" },
    });
    expect(res.status).toBe(303);
    await payCheckout(res.headers.get("location")!, { deliver: false });
    const { deps, emulator } = tools();
    await emulator.deliverPending();
    const m = (await deps.db.query.memberships.findFirst({ where: and(eq(memberships.communityId, community.id), eq(memberships.email, email)) }))!;
    expect(m).toMatchObject({ status: "active", experimentVariantId: variants[1].id, visitorId: visitor });
    const [a, b] = await variantsOf(experiment.id);
    expect([a.conversions, b.conversions, b.revenue]).toEqual([0, 1, 4900]);
    expect((await conversionsOf(experiment.id)).map((c) => [c.source, c.amount])).toEqual([[`first-payment:${m.stripeSubscriptionId}`, 4900]]);
    for (const event of await emulator.listEvents()) await emulator.redeliver(event.id);
    expect((await variantsOf(experiment.id))[1].revenue).toBe(4900);
  });
});
