import { and, eq, sql } from "drizzle-orm";
import { applications, moneyActions, type Application, type MoneyAction, type MoneyActionKind } from "../../drizzle";
import type { Deps } from "../env";
import type { Db } from "../lib/db";
import { newId } from "../lib/ids";
import { timelineEntry } from "./events";
import { captureAmountSql, captureWaitsSql } from "./group-terms";
import { attributeFee } from "./payments";
import { isStripeInvalidRequest } from "../platform/stripe-call";

export type MoneyKind = MoneyActionKind;

const RESULT_STATUS = { capture: "captured", refund: "refunded", release: "released" } as const;

/**
 * The insert that claims a money move. `money_actions_once` (application, kind) makes a second
 * claim a no-op; `onlyIfStatus` ties the claim to the decision that caused it, so inside a batch
 * a decision that lost a race claims nothing.
 */
export function claimMoneyAction(db: Db, app: Application, kind: MoneyKind, at: Date, onlyIfStatus?: { status: Application["status"]; decisionId: string }) {
  const ms = at.getTime();
  const decided = onlyIfStatus
    ? sql`exists (select 1 from ${applications} where ${applications.id} = ${app.id} and ${applications.status} = ${onlyIfStatus.status} and ${applications.decisionId} = ${onlyIfStatus.decisionId})`
    : sql`1`; // SQLite needs a WHERE before ON CONFLICT in INSERT ... SELECT
  // A group application's capture waits for its group and is taken at the group's price once it filled.
  const capture = kind === "capture";
  const guard = capture ? sql`where ${decided} and not ${captureWaitsSql(app)}` : sql`where ${decided}`;
  const amount = capture ? captureAmountSql(app) : sql`${app.feeAmount}`;
  // Columns in table order: id, application, kind, status, amount, stripe object, attempts, last error, created, updated.
  return db
    .insert(moneyActions)
    .select(sql`select ${newId("mny")}, ${app.id}, ${kind}, 'pending', ${amount}, null, 0, null, ${ms}, ${ms} ${guard}`)
    .onConflictDoNothing();
}

/** Claims (if not yet claimed) and performs one money move for an application. */
export async function ensureMoneyAction(deps: Deps, app: Application, kind: MoneyKind): Promise<void> {
  await claimMoneyAction(deps.db, app, kind, deps.now());
  await performMoneyAction(deps, app.id, kind);
}

/**
 * Performs a claimed money move at Stripe with an idempotency key derived from the claim, so a
 * retry after a timeout can never move the money twice. Transient failures leave the claim pending
 * for the cron trigger; a move Stripe says is already done is recorded as done.
 */
export async function performMoneyAction(deps: Deps, applicationId: string, kind: MoneyKind): Promise<MoneyAction | undefined> {
  const action = await deps.db.query.moneyActions.findFirst({
    where: and(eq(moneyActions.applicationId, applicationId), eq(moneyActions.kind, kind)),
  });
  if (!action || action.status === "done") return action;
  const app = (await deps.db.query.applications.findFirst({ where: eq(applications.id, applicationId) }))!;
  const now = deps.now();
  let stripeObjectId: string;
  try {
    stripeObjectId = await callStripe(deps, app, action);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const permanent = isStripeInvalidRequest(err);
    await deps.db
      .update(moneyActions)
      .set({ attempts: action.attempts + 1, lastError: message, status: permanent ? "failed" : "pending", updatedAt: now })
      .where(eq(moneyActions.id, action.id));
    console.error("money action failed", action.id, kind, message);
    return undefined;
  }
  await deps.db.batch([
    deps.db
      .update(moneyActions)
      .set({ status: "done", stripeObjectId, attempts: action.attempts + 1, lastError: null, updatedAt: now })
      .where(eq(moneyActions.id, action.id)),
    deps.db.update(applications).set({ paymentStatus: RESULT_STATUS[kind], updatedAt: now }).where(eq(applications.id, app.id)),
    timelineEntry(deps.db, app.id, `money_${kind}`, "threshold", now, { amount: action.amount, stripe: stripeObjectId }),
  ]);
  if (kind !== "release") await attributeFee(deps, app, RESULT_STATUS[kind]);
  return { ...action, status: "done", stripeObjectId };
}

async function callStripe(deps: Deps, app: Application, action: MoneyAction): Promise<string> {
  if (!app.paymentIntentId) throw new Error("Application has no payment to move");
  const idempotencyKey = `threshold:money:${action.id}`;
  const intent = await deps.stripe.paymentIntents.retrieve(app.paymentIntentId);
  switch (action.kind) {
    case "capture":
      if (intent.status === "succeeded") return intent.id;
      // Less than was authorised (a group's price): Stripe captures that much and releases the rest.
      return (await deps.stripe.paymentIntents.capture(intent.id, action.amount < intent.amount_capturable ? { amount_to_capture: action.amount } : {}, { idempotencyKey })).id;
    case "release":
      if (intent.status === "canceled") return intent.id;
      return (await deps.stripe.paymentIntents.cancel(intent.id, { cancellation_reason: "requested_by_customer" }, { idempotencyKey })).id;
    case "refund": {
      const existing = await deps.stripe.refunds.list({ payment_intent: intent.id, limit: 10 });
      const ours = existing.data.find((r) => r.metadata?.money_action_id === action.id);
      if (ours) return ours.id;
      const refund = await deps.stripe.refunds.create(
        { payment_intent: intent.id, reason: "requested_by_customer", metadata: { money_action_id: action.id, application_id: app.id } },
        { idempotencyKey },
      );
      return refund.id;
    }
  }
}

/** Retries money moves left pending by a transient failure (called by the cron trigger). */
export async function retryPendingMoneyActions(deps: Deps, limit = 50): Promise<number> {
  const pending = await deps.db.query.moneyActions.findMany({ where: eq(moneyActions.status, "pending"), limit });
  for (const action of pending) await performMoneyAction(deps, action.applicationId, action.kind);
  return pending.length;
}
