import { and, eq, inArray, sql } from "drizzle-orm";
import type Stripe from "stripe";
import { applications, experimentConversions, type Application, type PaymentStatus } from "../../drizzle";
import { getCommunityById } from "../communities/service";
import type { Deps } from "../env";
import { sendApplicationEmail } from "./emails";
import { timelineEntry } from "./events";
import { ensureMoneyAction, type MoneyKind } from "./money";
import { recordMoney } from "../experiments/attribution";

/** Card authorizations for online payments last seven days at Stripe. */
export const HOLD_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Brings an application's payment in line with what Stripe holds. Webhooks only say "look again":
 * this re-reads the Checkout Session and PaymentIntent, so duplicates and any arrival order end in
 * the same state. Status moves are conditional on the status they leave, so a decision made at the
 * same moment is never overwritten.
 */
export async function syncApplicationPayment(
  deps: Deps,
  app: Application,
  knownSession?: Stripe.Checkout.Session,
): Promise<void> {
  const intent = await currentPaymentIntent(deps, app, knownSession);
  if (!intent) return;
  const derived = derivePaymentStatus(app, intent);
  if (!derived) return;
  const now = deps.now();
  const paymentFields = {
    paymentStatus: derived,
    paymentIntentId: intent.id,
    paidAt: app.paidAt ?? (derived === "held" || derived === "paid" ? now : app.paidAt),
    holdExpiresAt: intent.capture_method === "manual" ? new Date(intent.created * 1000 + HOLD_LIFETIME_MS) : null,
    updatedAt: now,
  };
  const statements = [];
  if (derived !== app.paymentStatus || intent.id !== app.paymentIntentId) {
    statements.push(deps.db.update(applications).set(paymentFields).where(eq(applications.id, app.id)));
    statements.push(timelineEntry(deps.db, app.id, `payment_${derived}`, "stripe", now, { paymentIntent: intent.id }));
  }
  const move = statusMove(app, derived);
  if (move) {
    statements.push(
      deps.db
        .update(applications)
        .set({ status: move.to, updatedAt: now })
        .where(and(eq(applications.id, app.id), inArray(applications.status, move.from))),
    );
  }
  if (statements.length) await deps.db.batch(statements as [(typeof statements)[0], ...typeof statements]);

  const fresh = (await deps.db.query.applications.findFirst({ where: eq(applications.id, app.id) }))!;
  if (derived !== app.paymentStatus) await attributeFee(deps, fresh, derived);
  if (move && fresh.status === move.to && app.status !== move.to) {
    const community = await getCommunityById(deps.db, app.communityId);
    await sendApplicationEmail(deps, community, fresh, move.email);
  }
  await settleLatePayment(deps, fresh);
}

async function currentPaymentIntent(
  deps: Deps,
  app: Application,
  knownSession?: Stripe.Checkout.Session,
): Promise<Stripe.PaymentIntent | null> {
  let intentId = app.paymentIntentId;
  if (!intentId || (knownSession && knownSession.id === app.checkoutSessionId)) {
    const sessionId = knownSession?.id ?? app.checkoutSessionId;
    if (!sessionId) return null;
    const session = await deps.stripe.checkout.sessions.retrieve(sessionId);
    if (session.status !== "complete" || !session.payment_intent) return null;
    intentId = typeof session.payment_intent === "string" ? session.payment_intent : session.payment_intent.id;
  }
  return deps.stripe.paymentIntents.retrieve(intentId, { expand: ["latest_charge"] });
}

/** What the PaymentIntent says about the fee, in the application's terms. */
export function derivePaymentStatus(app: Application, intent: Stripe.PaymentIntent): PaymentStatus | null {
  switch (intent.status) {
    case "requires_capture":
      return "held";
    case "succeeded": {
      const charge = typeof intent.latest_charge === "object" ? intent.latest_charge : null;
      if (charge && charge.amount_refunded >= charge.amount) return "refunded";
      return intent.capture_method === "manual" ? "captured" : "paid";
    }
    case "canceled":
      // We cancel a hold to release it (on rejection, or for a group that did not fill); Stripe
      // cancels a lapsed hold with the reason "automatic".
      if (app.status === "rejected" || (app.paymentStatus === "released" && intent.cancellation_reason !== "automatic")) return "released";
      return app.paymentStatus === "none" ? null : "hold_expired";
    default:
      return null;
  }
}

interface StatusMove {
  from: Application["status"][];
  to: Application["status"];
  email: "payment_received" | "hold_expired";
}

function statusMove(app: Application, derived: PaymentStatus): StatusMove | null {
  if (derived === "held" || derived === "paid") {
    return { from: ["awaiting_payment", "expired"], to: "under_review", email: "payment_received" };
  }
  if (derived === "hold_expired") {
    return { from: ["under_review", "waitlisted"], to: "expired", email: "hold_expired" };
  }
  return null;
}

/**
 * Money that arrived after the door closed goes back: a fee paid or held on an application that
 * was already rejected, or a hold on an approved one that still needs capturing.
 */
async function settleLatePayment(deps: Deps, app: Application): Promise<void> {
  let kind: MoneyKind | null = null;
  if (app.status === "rejected" && app.paymentStatus === "held") kind = "release";
  else if (app.status === "rejected" && app.paymentStatus === "paid" && app.feePolicy !== "non_refundable") kind = "refund";
  else if (app.status === "rejected" && app.paymentStatus === "paid" && paidAfterDecision(app)) kind = "refund";
  else if (app.status === "approved" && app.paymentStatus === "held") kind = "capture";
  if (kind) await ensureMoneyAction(deps, app, kind);
}

function paidAfterDecision(app: Application): boolean {
  return !!app.decidedAt && !!app.paidAt && app.paidAt.getTime() >= app.decidedAt.getTime();
}

/**
 * Tells a fee price experiment about money that moved: a charged fee (paid at once, or captured on
 * approval) is a conversion at the application's fee; a refund takes it back. Keyed by the payment,
 * so the webhook and the decision that both see a change count it once.
 */
export async function attributeFee(deps: Deps, app: Application, status: PaymentStatus): Promise<void> {
  if (!app.experimentVariantId || !app.paymentIntentId) return;
  const paid = `fee:${app.paymentIntentId}`;
  if (status === "paid" || status === "captured") {
    await recordMoney(deps, { variantId: app.experimentVariantId, visitorId: app.visitorId, source: paid, amount: app.feeAmount });
  } else if (status === "refunded") {
    // Take back only what is still counted: a refund down to the lowest tested price came first.
    const still = await netRecorded(deps, [paid, `lowest-refund:${paid}`]);
    if (still > 0) await recordMoney(deps, { variantId: app.experimentVariantId, visitorId: app.visitorId, source: `fee-refund:${app.paymentIntentId}`, amount: -still });
  }
}

async function netRecorded(deps: Deps, sources: string[]): Promise<number> {
  const [row] = await deps.db
    .select({ total: sql<number>`coalesce(sum(${experimentConversions.amount}), 0)` })
    .from(experimentConversions)
    .where(inArray(experimentConversions.source, sources));
  return Number(row?.total ?? 0);
}
