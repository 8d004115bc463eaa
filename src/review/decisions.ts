import { and, eq, inArray, sql } from "drizzle-orm";
import { applicationNotes, applications, type Application, type Community, type Gift } from "../../drizzle";
import { draftApplicationEmail } from "../applications/emails";
import { timelineEntryIf } from "../applications/events";
import { claimMoneyAction, performMoneyAction, type MoneyKind } from "../applications/money";
import { getApplication } from "../applications/service";
import { settleGiftsFor, waitingGiftsQuery } from "../gifts/lifecycle";
import type { Deps } from "../env";
import { AppError } from "../lib/errors";
import { newId } from "../lib/ids";

export const DECISIONS = ["approve", "reject", "waitlist"] as const;
export type Decision = (typeof DECISIONS)[number];

const TARGET = { approve: "approved", reject: "rejected", waitlist: "waitlisted" } as const;

/** Which statuses each decision may leave. Approval needs the fee settled (paid, held, or none). */
const FROM: Record<Decision, Application["status"][]> = {
  approve: ["under_review", "waitlisted"],
  reject: ["awaiting_payment", "under_review", "waitlisted", "expired"],
  waitlist: ["under_review"],
};
/** Payment states in which the fee is settled enough to approve ("released": a group that did not fill waived it). */
const SETTLED: Application["paymentStatus"][] = ["none", "paid", "held", "released"];

/** The decisions that can change this application now (what the review page offers). */
export function availableDecisions(app: Application): Decision[] {
  return DECISIONS.filter((d) => FROM[d].includes(app.status) && (d !== "approve" || SETTLED.includes(app.paymentStatus)));
}

export interface DecisionInput {
  applicationId: string;
  decision: Decision;
  reason?: string | null;
  actor: string;
}

export interface DecisionResult {
  application: Application;
  /** False when the application already had this decision (a double click): nothing moved. */
  changed: boolean;
}

/** The money a decision moves under the application's fee policy, if any. */
export function moneyMoveFor(app: Application, decision: Decision): MoneyKind | null {
  if (decision === "approve" && app.paymentStatus === "held") return "capture";
  if (decision === "reject" && app.paymentStatus === "held") return "release";
  if (decision === "reject" && app.paymentStatus === "paid" && app.feePolicy === "refund_on_rejection") return "refund";
  return null;
}

/**
 * Records a decision and moves money per the fee policy exactly once. The status update is
 * conditional on the status it leaves and the money claim is tied to this decision's id, both in
 * one batch: of two racing clicks only one wins, and only the winner's money move is claimed.
 * The same batch writes the timeline line and the applicant's email, each guarded by the decision
 * id too, and reads the application back: a decision without money costs two round trips.
 */
export async function decideApplication(deps: Deps, community: Community, input: DecisionInput): Promise<DecisionResult> {
  const app = await getApplication(deps.db, input.applicationId);
  if (app.communityId !== community.id) throw AppError.notFound("Application");
  const target = TARGET[input.decision];
  if (app.status === target) return { application: app, changed: false };
  if (!FROM[input.decision].includes(app.status)) {
    throw AppError.conflict(`This application is ${app.status.replace("_", " ")}; it cannot be ${target} now`);
  }
  if (input.decision === "approve" && !SETTLED.includes(app.paymentStatus)) {
    throw AppError.conflict("The application fee has not been paid yet");
  }
  const now = deps.now();
  const decisionId = newId("dec");
  const reason = input.reason?.trim() || null;
  const money = moneyMoveFor(app, input.decision);
  const won = sql`exists (select 1 from ${applications} where ${applications.id} = ${app.id} and ${applications.decisionId} = ${decisionId})`;
  // The email reads the same whether or not money has moved yet (it names the policy, not the outcome).
  const decided: Application = { ...app, status: target, decisionReason: reason, decidedBy: input.actor, decidedAt: now, decisionId, updatedAt: now };
  const email = draftApplicationEmail(deps, community, decided, "decision", won);
  const results = await deps.db.batch([
    deps.db
      .update(applications)
      .set({ status: target, decisionReason: reason, decidedBy: input.actor, decidedAt: now, decisionId, updatedAt: now })
      .where(and(eq(applications.id, app.id), inArray(applications.status, FROM[input.decision])))
      .returning({ id: applications.id }),
    timelineEntryIf(deps.db, won, app.id, target, input.actor, now, reason ? { reason } : {}),
    email.write,
    ...(money ? [claimMoneyAction(deps.db, app, money, now, { status: target, decisionId })] : []),
    waitingGiftsQuery(deps.db, community.id, app.email),
    deps.db.select().from(applications).where(eq(applications.id, app.id)),
  ]);
  const fresh = (results.at(-1) as Application[])[0]!;
  const gifts = results.at(-2) as Gift[];
  if ((results[0] as unknown[]).length === 0) {
    if (fresh.status === target) return { application: fresh, changed: false };
    throw AppError.conflict(`This application was ${fresh.status.replace("_", " ")} in the meantime`);
  }
  if (money) await performMoneyAction(deps, app.id, money);
  if (input.decision === "reject" && app.status === "awaiting_payment") await closeOpenCheckout(deps, app);
  // A gift waiting for this person starts on approval and is refunded on rejection (the cron retries a failure).
  if (gifts.length) await settleGiftsFor(deps, community, fresh, gifts).catch((e) => console.error("gift settlement failed", app.id, e));
  await email.deliver();
  return { application: money ? await getApplication(deps.db, app.id) : fresh, changed: true };
}

/** A rejected applicant must not be able to pay afterwards: expire their open Checkout Session. */
async function closeOpenCheckout(deps: Deps, app: Application): Promise<void> {
  if (!app.checkoutSessionId) return;
  try {
    const session = await deps.stripe.checkout.sessions.retrieve(app.checkoutSessionId);
    if (session.status === "open") await deps.stripe.checkout.sessions.expire(session.id);
  } catch (e) {
    // A payment racing this rejection is refunded by the payment sync (settleLatePayment).
    console.error("could not expire checkout session", app.checkoutSessionId, e);
  }
}

export interface BulkResult {
  id: string;
  ok: boolean;
  status?: Application["status"];
  /** False when the application already had this decision. */
  changed?: boolean;
  error?: string;
}

export async function decideMany(deps: Deps, community: Community, ids: string[], decision: Decision, reason: string | null, actor: string): Promise<BulkResult[]> {
  const results: BulkResult[] = [];
  for (const id of [...new Set(ids)]) {
    try {
      const { application, changed } = await decideApplication(deps, community, { applicationId: id, decision, reason, actor });
      results.push({ id, ok: true, status: application.status, changed });
    } catch (e) {
      // Only our own errors are worded for people; anything else is logged, not shown.
      if (!(e instanceof AppError)) console.error("bulk decision failed", id, e);
      results.push({ id, ok: false, error: e instanceof AppError ? e.message : "Could not be changed; please try again" });
    }
  }
  return results;
}

export async function addNote(deps: Deps, community: Community, applicationId: string, author: string, body: string) {
  const app = await getApplication(deps.db, applicationId);
  if (app.communityId !== community.id) throw AppError.notFound("Application");
  const text = body.trim();
  if (!text) throw AppError.validation([{ field: "body", message: "A note cannot be empty" }]);
  if (text.length > 5000) throw AppError.validation([{ field: "body", message: "A note must be at most 5,000 characters" }]);
  const [note] = await deps.db
    .insert(applicationNotes)
    .values({ id: newId("note"), applicationId, authorEmail: author, body: text, createdAt: deps.now() })
    .returning();
  return note;
}

export async function listNotes(deps: Pick<Deps, "db">, applicationId: string) {
  return deps.db.query.applicationNotes.findMany({ where: eq(applicationNotes.applicationId, applicationId), orderBy: (n, { asc }) => [asc(n.createdAt)] });
}
