import { describe, expect, it } from "vitest";
import { asc, eq } from "drizzle-orm";
import { membershipLedger, tierPrices } from "../../drizzle";
import { removeMember } from "../../src/members/removal";
import { tools } from "../helpers";
import { approve, communityWithTiers, control, joinAndPay } from "../memberships/helpers";

/** The ledger is written by the real paths: Stripe events through the webhook, and the owner's removal. */

const deliver = () => tools().emulator.deliverPending();

async function entries(membershipId: string) {
  const rows = await tools().deps.db.select().from(membershipLedger).where(eq(membershipLedger.membershipId, membershipId)).orderBy(asc(membershipLedger.at), asc(membershipLedger.id));
  return rows.map((r) => [r.status, r.mrr, r.tierId]);
}

describe("the membership ledger", () => {
  it("records joining, an upgrade, a failed payment, its recovery and the cancellation, once each", async () => {
    const { community, member, core } = await communityWithTiers();
    const email = "ledger@example.com";
    await approve(community, email);
    const { membershipId, subscriptionId } = await joinAndPay(community, member, email);
    await deliver();
    const { deps } = tools();
    const sub = await deps.stripe.subscriptions.retrieve(subscriptionId);
    const corePrice = (await deps.db.query.tierPrices.findFirst({ where: eq(tierPrices.tierId, core.id) }))!;
    await deps.stripe.subscriptions.update(subscriptionId, { items: [{ id: sub.items.data[0]!.id, price: corePrice.stripePriceId }], proration_behavior: "none" });
    await deliver();
    await control(subscriptionId, "fail-payment");
    await deliver();
    await control(subscriptionId, "pay");
    await deliver();
    await deps.stripe.subscriptions.cancel(subscriptionId);
    await deliver();
    expect(await entries(membershipId)).toEqual([
      ["active", 2900, member.id],
      ["active", 7900, core.id],
      ["past_due", 7900, core.id],
      ["active", 7900, core.id],
      ["canceled", 0, core.id],
    ]);
  });

  it("a yearly price counts a twelfth a month, and an owner's removal ends it", async () => {
    const { community, member } = await communityWithTiers();
    const email = "yearly@example.com";
    await approve(community, email);
    const { membershipId } = await joinAndPay(community, member, email, "year");
    await deliver();
    await removeMember(tools().deps, community, membershipId, { refund: false }, "owner@example.com", "Broke the rules");
    expect(await entries(membershipId)).toEqual([
      ["active", Math.round(29000 / 12), member.id],
      ["removed", 0, member.id],
    ]);
  });
});
