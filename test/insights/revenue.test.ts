import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type Stripe from "stripe";
import { loadInsights } from "../../src/insights/report";
import { rollUpRange } from "../../src/insights/rollup";
import { buildTables } from "../../src/insights/tables";
import { removeMember } from "../../src/members/service";
import { devClock } from "../../src/dev/clock";
import { tools } from "../helpers";
import { runCron } from "../jobs";
import { approve, communityWithTiers, control, joinAndPay, sendSigned } from "../memberships/helpers";
import { handWorkedHistory } from "./helpers";

/**
 * Subscription revenue is what members paid: each paid invoice recorded once by the invoice
 * webhooks, summed per day by the rollup. A checkout (29.00) and a renewal (29.00) paid through
 * the emulator, every webhook replayed and the invoice sent again as invoice.payment_succeeded,
 * the cron's queue delivering each message twice: the month shows 58.00, not more.
 */

const deliver = () => tools().emulator.deliverPending();

const invoiceRows = async (communityId: string): Promise<Record<string, unknown>[]> =>
  (await env.DB.prepare("select amount, currency, tier_id from subscription_invoices where community_id = ? order by paid_at, id").bind(communityId).all()).results;

describe("subscription revenue from paid invoices", () => {
  it("counts a checkout and a renewal once each, whatever is replayed", async () => {
    const { deps, emulator } = tools();
    const { community, member } = await communityWithTiers();
    await approve(community, "payer@example.com");
    const { subscriptionId } = await joinAndPay(community, member, "payer@example.com");
    await deliver();
    await control(subscriptionId, "renew");
    await deliver();
    expect(await invoiceRows(community.id)).toEqual([
      { amount: 2900, currency: "usd", tier_id: member.id },
      { amount: 2900, currency: "usd", tier_id: member.id },
    ]);

    // Stripe delivers at least once, and sends invoice.payment_succeeded alongside invoice.paid.
    const events = await emulator.listEvents();
    for (const e of events) await emulator.redeliver(e.id);
    const paid = events.filter((e) => e.type === "invoice.paid");
    expect(paid).toHaveLength(2);
    for (const e of paid) expect((await sendSigned({ ...e, id: `${e.id}_succeeded`, type: "invoice.payment_succeeded" } as Stripe.Event)).status).toBe(200);
    expect(await invoiceRows(community.id)).toHaveLength(2);

    const now = devClock.now();
    const today = now.toISOString().slice(0, 10);
    await runCron(new Date(now.getTime() + 86_400_000), { deliveries: 2 });
    const day = (await env.DB.prepare("select subscription_revenue from insight_days where community_id = ? and day = ? and tier_id = ?").bind(community.id, today, "").first()) as { subscription_revenue: number };
    expect(day.subscription_revenue).toBe(5800);

    const q = { from: today, to: today };
    for (const tierId of ["", member.id]) {
      const r = await loadInsights(deps.db, community, { ...q, tierId }, { money: true, now, through: today });
      expect(r.money!.subscriptionRevenueEstimated).toBe(false);
      const month = r.money!.months.find((m) => m.month === today.slice(0, 7))!;
      expect([month.subscriptionRevenue, month.feeRevenue, month.feeRefunds, month.netRevenue]).toEqual([5800, 0, 0, 5800]);
    }
  });

  it("a failed renewal records nothing, and a community with no recorded invoice is labelled estimated", async () => {
    const { community, member } = await communityWithTiers();
    await approve(community, "late@example.com");
    const { subscriptionId } = await joinAndPay(community, member, "late@example.com");
    await deliver();
    await control(subscriptionId, "fail-payment");
    await deliver();
    expect(await invoiceRows(community.id)).toHaveLength(1);

    // The hand-worked history writes the ledger directly, as the demo seed does: no invoices.
    const { community: seeded } = await handWorkedHistory();
    const { deps } = tools();
    await rollUpRange(deps.db, seeded.id, "2026-03-01", "2026-03-31");
    const r = await loadInsights(deps.db, seeded, { from: "2026-03-01", to: "2026-03-31", tierId: "" }, { money: true, now: new Date("2026-04-01T00:00:00Z"), through: "2026-03-31" });
    expect(r.money!.subscriptionRevenueEstimated).toBe(true);
    // MRR 137.00 on March 1-2 (a, b, e), 166.00 from c's return on March 3: accrued at MRR × 12 / 365 a day.
    expect(r.money!.months[0]!.subscriptionRevenue).toBe(Math.round(((2 * 13700 + 29 * 16600) * 12) / 365));
  });

  it("subtracts a refunded renewal once, on the day it was refunded, however often the refund is replayed", async () => {
    const { deps, emulator } = tools();
    const { community, member } = await communityWithTiers();
    await approve(community, "removed@example.com");
    const { membershipId, subscriptionId } = await joinAndPay(community, member, "removed@example.com");
    await deliver();
    await control(subscriptionId, "renew");
    await deliver();

    // The owner removes the member with a refund of the current period: the renewal's payment.
    const outcome = await removeMember(deps, community, membershipId, { refund: true }, "owner@example.com", "Broke the rules");
    expect(outcome.billing?.refund).toMatchObject({ amount: 2900, created: true });
    await deliver();
    const refundedEvents = (await emulator.listEvents()).filter((e) => e.type === "charge.refunded");
    expect(refundedEvents).toHaveLength(1);
    for (const e of refundedEvents) {
      await emulator.redeliver(e.id);
      expect((await sendSigned({ ...e, id: `${e.id}_again` } as Stripe.Event)).status).toBe(200);
    }
    // The refund went to the renewal (the latest invoice), and only to it.
    const latest = (await deps.stripe.subscriptions.retrieve(subscriptionId)).latest_invoice as string;
    const rows = (await env.DB.prepare("select id = ? as latest, amount, refunded, refunded_at is not null as dated from subscription_invoices where community_id = ? order by latest").bind(latest, community.id).all()).results;
    expect(rows).toEqual([
      { latest: 0, amount: 2900, refunded: 0, dated: 0 },
      { latest: 1, amount: 2900, refunded: 2900, dated: 1 },
    ]);

    const now = devClock.now();
    const today = now.toISOString().slice(0, 10);
    await runCron(new Date(now.getTime() + 86_400_000), { deliveries: 2 });
    const day = (await env.DB.prepare("select subscription_revenue, subscription_refunds from insight_days where community_id = ? and day = ? and tier_id = ?").bind(community.id, today, member.id).first()) as Record<string, number>;
    expect(day).toEqual({ subscription_revenue: 5800, subscription_refunds: 2900 });

    for (const tierId of ["", member.id]) {
      const r = await loadInsights(deps.db, community, { from: today, to: today, tierId }, { money: true, now, through: today });
      const month = r.money!.months.find((m) => m.month === today.slice(0, 7))!;
      expect([month.subscriptionRevenue, month.subscriptionRefunds, month.feeRevenue, month.feeRefunds, month.netRevenue]).toEqual([5800, 2900, 0, 0, 2900]);
      const table = buildTables(r).money;
      const row = table.rows.find((cells) => cells[0] === month.month)!;
      expect(row[table.columns.indexOf("subscription refunds")]).toBe("29.00");
      expect(row[table.columns.indexOf("net revenue")]).toBe("29.00");
    }
  });
});
