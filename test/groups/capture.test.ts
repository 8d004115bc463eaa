import { afterEach, describe, expect, it } from "vitest";
import type Stripe from "stripe";
import { devClock } from "../../src/dev/clock";
import { decideApplication } from "../../src/review/decisions";
import { tools } from "../helpers";
import { runCron } from "../jobs";
import { applicant, applicationOf, applyAndAuthorise, groupCommunity, groupOfApplication, intentOf, moneyOf, statusPage } from "./helpers";

const owner = "owner@example.com";
const decide = (c: Awaited<ReturnType<typeof groupCommunity>>, applicationId: string, decision: "approve" | "reject") =>
  decideApplication(tools().deps, c.community, { applicationId, decision, reason: decision === "reject" ? "Not now" : null, actor: owner });

afterEach(() => devClock.reset());

describe("a group that fills", () => {
  it("captures each approved member at the group price once: an early approval waits for the group", async () => {
    const c = await groupCommunity({ size: 3 });
    const first = await applyAndAuthorise(c, applicant("a"));
    expect(first).toMatchObject({ status: "under_review", paymentStatus: "held", feeAmount: 2500, feePolicy: "authorize_capture" });
    const group = await groupOfApplication(first.id);
    expect(group).toMatchObject({ status: "open", size: 3, groupFee: 1500, fullFee: 2500 });

    // Approved while the group is still filling: nothing is captured yet.
    await decide(c, first.id, "approve");
    expect(await moneyOf(first.id)).toEqual([]);
    expect((await intentOf(first.id)).status).toBe("requires_capture");
    expect(await statusPage(first.statusToken)).toContain("1 of 3");

    const second = await applyAndAuthorise(c, applicant("b"), group.id);
    const third = await applyAndAuthorise(c, applicant("c"), group.id);
    expect((await groupOfApplication(first.id)).status).toBe("filled");
    // The early approval is captured when the group fills, at the group price.
    const firstIntent = await intentOf(first.id);
    expect(firstIntent).toMatchObject({ status: "succeeded", amount: 2500, amount_received: 1500 });
    expect((firstIntent.latest_charge as Stripe.Charge).amount_refunded).toBe(1000);

    for (const m of [second, third]) {
      expect((await intentOf(m.id)).status).toBe("requires_capture");
      await decide(c, m.id, "approve");
    }
    await tools().emulator.deliverPending();
    for (const m of [first, second, third]) {
      const rows = await moneyOf(m.id);
      expect(rows.map((r) => [r.kind, r.status, r.amount])).toEqual([["capture", "done", 1500]]);
      expect((await intentOf(m.id)).amount_received).toBe(1500);
      const app = await applicationOf(m.email);
      expect(app).toMatchObject({ status: "approved", paymentStatus: "captured" });
      const page = await statusPage(m.statusToken);
      expect(page).toContain("$15.00 charged on approval (the group price");
      expect(page).toContain('data-group-status="filled"');
    }
  });

  it("moves money once under duplicated and reordered webhooks and double clicks", async () => {
    const c = await groupCommunity({ size: 2 });
    const first = await applyAndAuthorise(c, applicant("d"));
    const group = await groupOfApplication(first.id);
    const second = await applyAndAuthorise(c, applicant("e"), group.id);
    const clicks = await Promise.allSettled([decide(c, first.id, "approve"), decide(c, first.id, "approve"), decide(c, second.id, "approve")]);
    expect(clicks.every((r) => r.status === "fulfilled")).toBe(true);
    await decide(c, second.id, "approve");
    const { emulator } = tools();
    await emulator.deliverPending();
    // Every event again, newest first.
    const events = (await emulator.listEvents()).reverse();
    for (const e of events) await emulator.redeliver(e.id);
    await emulator.deliverPending();
    for (const m of [first, second]) {
      expect((await moneyOf(m.id)).map((r) => [r.kind, r.amount])).toEqual([["capture", 1500]]);
      const intent = await intentOf(m.id);
      expect(intent.amount_received).toBe(1500);
      expect(await applicationOf(m.email)).toMatchObject({ status: "approved", paymentStatus: "captured" });
    }
    const captures = (await emulator.listEvents()).filter((e) => e.type === "charge.captured");
    const intents = await Promise.all([first, second].map((m) => intentOf(m.id)));
    const capturedCharges = captures.filter((e) => intents.some((i) => (i.latest_charge as Stripe.Charge).id === (e.data.object as Stripe.Charge).id));
    expect(capturedCharges).toHaveLength(2);
  });

  it("a member rejected after the group filled gets the hold released; the others keep the group price", async () => {
    const c = await groupCommunity({ size: 3 });
    const first = await applyAndAuthorise(c, applicant("f"));
    const group = await groupOfApplication(first.id);
    const second = await applyAndAuthorise(c, applicant("g"), group.id);
    const third = await applyAndAuthorise(c, applicant("h"), group.id);
    expect((await groupOfApplication(first.id)).status).toBe("filled");
    await decide(c, second.id, "reject");
    await decide(c, first.id, "approve");
    await decide(c, third.id, "approve");
    await tools().emulator.deliverPending();
    expect(await applicationOf(second.email)).toMatchObject({ status: "rejected", paymentStatus: "released" });
    expect((await intentOf(second.id)).status).toBe("canceled");
    expect((await moneyOf(second.id)).map((r) => r.kind)).toEqual(["release"]);
    for (const m of [first, third]) expect((await intentOf(m.id)).amount_received).toBe(1500);
    expect((await groupOfApplication(first.id)).status).toBe("filled");
  });
});

describe("a group that does not fill", () => {
  it("captures the full fee from approved members when the owner chose so, once however often the cron runs", async () => {
    const c = await groupCommunity({ size: 3, onUnfilled: "capture_full", hours: 24 });
    const first = await applyAndAuthorise(c, applicant("i"));
    const group = await groupOfApplication(first.id);
    const second = await applyAndAuthorise(c, applicant("j"), group.id);
    await decide(c, first.id, "approve");
    expect(await moneyOf(first.id)).toEqual([]);

    // Before the deadline the cron finds nothing for this group.
    await runCron();
    expect((await groupOfApplication(first.id)).status).toBe("open");
    devClock.advance(25 * 3_600_000);
    const [a, b] = await Promise.all([runCron(), runCron()]);
    expect(a.groupsDue + b.groupsDue).toBeGreaterThanOrEqual(1);
    await runCron();
    await tools().emulator.deliverPending();
    expect((await groupOfApplication(first.id)).status).toBe("unfilled");
    expect((await moneyOf(first.id)).map((r) => [r.kind, r.status, r.amount])).toEqual([["capture", "done", 2500]]);
    expect((await intentOf(first.id)).amount_received).toBe(2500);
    // Still in review: nothing moves until the decision, which captures the full fee.
    expect(await moneyOf(second.id)).toEqual([]);
    await decide(c, second.id, "approve");
    expect((await intentOf(second.id)).amount_received).toBe(2500);
    expect(await statusPage(second.statusToken)).toContain('data-group-status="unfilled"');
  });

  it("releases every hold placed for the group when the owner chose so; members are still reviewed", async () => {
    const c = await groupCommunity({ size: 3, onUnfilled: "release", hours: 24 });
    const first = await applyAndAuthorise(c, applicant("k"));
    const group = await groupOfApplication(first.id);
    const second = await applyAndAuthorise(c, applicant("l"), group.id);
    await decide(c, first.id, "approve");
    devClock.advance(25 * 3_600_000);
    await runCron();
    await runCron();
    await tools().emulator.deliverPending();
    for (const m of [first, second]) {
      expect((await intentOf(m.id)).status).toBe("canceled");
      expect((await moneyOf(m.id)).map((r) => [r.kind, r.status])).toEqual([["release", "done"]]);
    }
    // The release is ours, not a lapsed hold: the applications stay where review put them.
    expect(await applicationOf(first.email)).toMatchObject({ status: "approved", paymentStatus: "released" });
    expect(await applicationOf(second.email)).toMatchObject({ status: "under_review", paymentStatus: "released" });
    const decided = await decide(c, second.id, "approve");
    expect(decided.application).toMatchObject({ status: "approved", paymentStatus: "released" });
    expect((await moneyOf(second.id)).map((r) => r.kind)).toEqual(["release"]);
  });
});
