import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { applications, emails, moneyActions } from "../../drizzle";
import { HOLD_LIFETIME_MS } from "../../src/applications/payments";
import { claimMoneyAction } from "../../src/applications/money";
import { makeCommunity, payCheckout, postForm, tools } from "../helpers";
import { runCron } from "../jobs";

async function heldApplication() {
  const { community, questionIds } = await makeCommunity({ feeAmount: 4000, feePolicy: "authorize_capture" });
  const email = `h-${crypto.randomUUID().slice(0, 8)}@example.com`;
  const res = await postForm(`/c/${community.slug}/apply`, { name: "Hold", email, accept_rules: "yes", [`q_${questionIds[0]}`]: "Ops" });
  await payCheckout(res.headers.get("location")!);
  const { deps } = tools();
  const app = (await deps.db.query.applications.findFirst({ where: eq(applications.email, email) }))!;
  expect(app.paymentStatus).toBe("held");
  return { community, app };
}

describe("cron trigger", () => {
  it("warns owners once when a card hold is about to lapse, however often it runs", async () => {
    const { app } = await heldApplication();
    const { deps } = tools();
    const countWarnings = async () =>
      (await deps.db.select().from(emails).where(and(eq(emails.kind, "hold_expiring"), eq(emails.to, "owner@example.com")))).filter((m) =>
        m.text.includes(app.name),
      ).length;
    // Five days into a seven-day hold: outside the 48-hour window, nothing is sent.
    const early = new Date(app.paidAt!.getTime() + 4 * 86_400_000);
    expect((await runCron(early)).holdsWarned).toBe(0);
    const late = new Date(app.paidAt!.getTime() + HOLD_LIFETIME_MS - 24 * 3_600_000);
    const [a, b] = await Promise.all([runCron(late), runCron(late)]);
    expect(a.holdsWarned + b.holdsWarned).toBe(1);
    expect((await runCron(late)).holdsWarned).toBe(0);
    expect(await countWarnings()).toBe(1);
  });

  it("retries a money move left pending, and moves the money once", async () => {
    const { app } = await heldApplication();
    const { deps } = tools();
    // A decision whose Stripe call never happened (the worker died after the batch).
    await deps.db.update(applications).set({ status: "approved", decidedAt: new Date(), decidedBy: "owner@example.com" }).where(eq(applications.id, app.id));
    await claimMoneyAction(deps.db, app, "capture", new Date());
    const first = await runCron(new Date());
    const second = await runCron(new Date());
    expect(first.moneyRetried).toBe(1);
    expect(second.moneyRetried).toBe(0);
    const [action] = await deps.db.select().from(moneyActions).where(eq(moneyActions.applicationId, app.id));
    expect(action.status).toBe("done");
    const intent = await deps.stripe.paymentIntents.retrieve(app.paymentIntentId!);
    expect(intent.status).toBe("succeeded");
    expect(intent.amount_received).toBe(4000);
  });
});
