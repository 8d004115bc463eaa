import { and, eq, inArray, isNull, lte, sql } from "drizzle-orm";
import type Stripe from "stripe";
import { applicationGroups, applications, groupSeats, type Application, type ApplicationGroup, type GroupSeat } from "../../drizzle";
import { timelineEntry } from "../applications/events";
import { ensureMoneyAction } from "../applications/money";
import type { HandlerMap } from "../billing/webhooks";
import type { Deps } from "../env";
import type { Enqueue } from "../lib/queue";

/**
 * When group members' money moves. Each move goes through the application's money claims
 * (money_actions: one per application and kind), so however often this runs (every webhook, the
 * deadline job, a redelivered message) each capture or release happens once; the claim itself
 * decides the amount from the group's state (src/applications/group-terms.ts).
 */

export interface GroupDeadlineJob {
  kind: "group-deadline";
  groupId: string;
}

/**
 * A member's fee changed at Stripe (after the application's own sync): count their seat as
 * authorised once the card is held, fill the group if that was the last seat within the time
 * limit, then settle what is due.
 */
export async function refreshGroupOf(deps: Deps, applicationId: string): Promise<void> {
  const now = deps.now();
  const [seat] = await deps.db.select().from(groupSeats).where(eq(groupSeats.applicationId, applicationId)).limit(1);
  if (!seat) return;
  const authorised = await deps.db.batch([
    deps.db
      .update(groupSeats)
      .set({ authorisedAt: now })
      .where(
        and(
          eq(groupSeats.applicationId, applicationId),
          isNull(groupSeats.authorisedAt),
          inArray(groupSeats.applicationId, deps.db.select({ id: applications.id }).from(applications).where(and(eq(applications.id, applicationId), inArray(applications.paymentStatus, ["held", "captured"])))),
        ),
      ),
    // Filled: every seat taken and authorised before the deadline. Conditional on 'open', so it happens once.
    deps.db
      .update(applicationGroups)
      .set({ status: "filled", filledAt: now, closedAt: now })
      .where(
        and(
          eq(applicationGroups.id, seat.groupId),
          eq(applicationGroups.status, "open"),
          sql`(select count(*) from ${groupSeats} where ${groupSeats.groupId} = ${seat.groupId} and ${groupSeats.authorisedAt} <= ${applicationGroups.deadline}) >= ${applicationGroups.size}`,
        ),
      )
      .returning({ id: applicationGroups.id }),
  ]);
  if (authorised[1].length) {
    const seats = await deps.db.select({ id: groupSeats.applicationId }).from(groupSeats).where(eq(groupSeats.groupId, seat.groupId));
    await deps.db.batch(seats.map((s) => timelineEntry(deps.db, s.id, "group_filled", "threshold", now, { group: seat.groupId })) as [ReturnType<typeof timelineEntry>]);
  }
  await settleGroup(deps, seat.groupId);
}

/**
 * Moves what a closed group's members owe: captures for approved members whose card is held (at
 * the group price if it filled, the full fee if it did not and the rule says so), or releases
 * the holds authorised in time when it did not fill under "release". Members still in review are
 * captured when approved; rejected members were released by their decision.
 */
export async function settleGroup(deps: Deps, groupId: string): Promise<number> {
  const [groups, members] = await deps.db.batch([
    deps.db.select().from(applicationGroups).where(eq(applicationGroups.id, groupId)).limit(1),
    deps.db
      .select({ app: applications, seat: groupSeats })
      .from(groupSeats)
      .innerJoin(applications, eq(applications.id, groupSeats.applicationId))
      .where(eq(groupSeats.groupId, groupId)),
  ]);
  const group = groups[0];
  if (!group || group.status === "open") return 0;
  let moved = 0;
  for (const { app, seat } of members) {
    const move = moveFor(group, app, seat);
    if (!move) continue;
    await ensureMoneyAction(deps, app, move);
    moved++;
  }
  return moved;
}

function moveFor(group: ApplicationGroup, app: Application, seat: GroupSeat): "capture" | "release" | null {
  if (app.paymentStatus !== "held" || app.status === "rejected") return null;
  if (group.status === "unfilled" && group.onUnfilled === "release") {
    // Only holds placed for the group; a card authorised after the deadline is a solo application.
    return seat.authorisedAt && seat.authorisedAt <= group.deadline ? "release" : null;
  }
  return app.status === "approved" ? "capture" : null;
}

/** The cron: open groups past their deadline, a page at a time, each queued for the consumer. */
export async function enqueueDueGroups(deps: Deps, enqueue: Enqueue<GroupDeadlineJob>): Promise<number> {
  const due = await deps.db
    .select({ id: applicationGroups.id })
    .from(applicationGroups)
    .where(and(eq(applicationGroups.status, "open"), lte(applicationGroups.deadline, deps.now())))
    .limit(100);
  if (due.length) await enqueue(due.map((g) => ({ kind: "group-deadline", groupId: g.id })));
  return due.length;
}

/** The consumer: closes the group as unfilled (once, conditional on 'open') and settles it; safe to redeliver. */
export async function runGroupDeadlineJob(deps: Deps, job: GroupDeadlineJob): Promise<number> {
  const now = deps.now();
  const closed = await deps.db
    .update(applicationGroups)
    .set({ status: "unfilled", closedAt: now })
    .where(and(eq(applicationGroups.id, job.groupId), eq(applicationGroups.status, "open"), lte(applicationGroups.deadline, now)))
    .returning({ id: applicationGroups.id });
  if (closed.length) {
    const seats = await deps.db.select({ id: groupSeats.applicationId }).from(groupSeats).where(eq(groupSeats.groupId, job.groupId));
    if (seats.length) await deps.db.batch(seats.map((s) => timelineEntry(deps.db, s.id, "group_unfilled", "threshold", now, { group: job.groupId })) as [ReturnType<typeof timelineEntry>]);
  }
  return settleGroup(deps, job.groupId);
}

function applicationIdOf(obj: { metadata?: Stripe.Metadata | null }): string | null {
  return obj.metadata?.application_id ?? null;
}

/** Runs after the application's own handlers for the same events (see src/billing/webhooks.ts). */
async function onFeeChanged(deps: Deps, event: Stripe.Event) {
  const id = applicationIdOf(event.data.object as { metadata?: Stripe.Metadata | null });
  if (id) await refreshGroupOf(deps, id);
}

export const groupPaymentHandlers: HandlerMap = {
  "checkout.session.completed": onFeeChanged,
  "payment_intent.amount_capturable_updated": onFeeChanged,
};
