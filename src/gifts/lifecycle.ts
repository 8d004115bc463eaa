import { and, asc, eq, getTableColumns, inArray, isNull, lte, sql, type SQL, type Table } from "drizzle-orm";
import type Stripe from "stripe";
import { applications, gifts, LIVE_MEMBERSHIP_STATUSES, memberships, type Application, type Community, type Gift } from "../../drizzle";
import type { HandlerMap } from "../billing/webhooks";
import { currentSessionOf } from "../billing/event-objects";
import type { Deps } from "../env";
import { AppError } from "../lib/errors";
import { newId } from "../lib/ids";
import type { Db } from "../lib/db";
import type { Enqueue } from "../lib/queue";
import { formatDate } from "../ui/format";
import { decidedApplicationQuery, syncGiftPayment } from "./service";

/** Gift months are calendar months from the day the gift starts. */
export function giftEnd(start: Date, months: number): Date {
  const end = new Date(start);
  end.setUTCMonth(end.getUTCMonth() + months);
  return end;
}

/**
 * `select <one row> where <condition>` for an INSERT ... SELECT into `table`, which names every
 * column in table order: columns not given take their literal default, else null (so a column
 * added to the table later does not shift the others).
 */
function rowSelect(table: Table, given: Record<string, SQL>, where: SQL): SQL {
  const values = Object.entries(getTableColumns(table)).map(([key, column]) => {
    if (given[key]) return given[key];
    const fallback = column.default;
    return typeof fallback === "number" || typeof fallback === "string" ? sql`${fallback}` : typeof fallback === "boolean" ? sql`${fallback ? 1 : 0}` : sql`null`;
  });
  return sql`select ${sql.join(values, sql`, `)} where ${where}`;
}

const liveList = sql.join(LIVE_MEMBERSHIP_STATUSES.map((s) => sql`${s}`), sql`, `);

/**
 * Starts a paid gift for its approved recipient: a comped membership of the gift's tier whose
 * period ends with the gift, and the gift marked redeemed, in one batch. The membership is
 * inserted only while the gift is still 'paid' and the recipient has no live membership, and the
 * gift moves only if that membership exists, so a doubled call starts it once.
 */
export async function redeemGift(deps: Deps, gift: Gift, application: Pick<Application, "id">): Promise<boolean> {
  const now = deps.now();
  const ms = now.getTime();
  const endsAt = giftEnd(now, gift.months);
  const memberId = newId("mem");
  const [, claimed] = await deps.db.batch([
    deps.db.insert(memberships).select(
      rowSelect(memberships, {
        id: sql`${memberId}`,
        communityId: sql`${gift.communityId}`,
        email: sql`${gift.recipientEmail}`,
        tierId: sql`${gift.tierId}`,
        status: sql`'active'`,
        comped: sql`1`,
        applicationId: sql`${application.id}`,
        currentPeriodEnd: sql`${endsAt.getTime()}`,
        cancelAtPeriodEnd: sql`1`,
        joinedAt: sql`${ms}`,
        createdAt: sql`${ms}`,
        updatedAt: sql`${ms}`,
      }, sql`exists (select 1 from ${gifts} where ${gifts.id} = ${gift.id} and ${gifts.status} = 'paid')
        and not exists (select 1 from ${memberships} m where m.community_id = ${gift.communityId} and m.email = ${gift.recipientEmail} and m.status in (${liveList}))`),
    ),
    deps.db
      .update(gifts)
      .set({ status: "redeemed", membershipId: memberId, redeemedAt: now, endsAt, updatedAt: now })
      .where(and(eq(gifts.id, gift.id), eq(gifts.status, "paid"), sql`exists (select 1 from ${memberships} where ${memberships.id} = ${memberId})`))
      .returning({ id: gifts.id }),
  ]);
  return claimed.length === 1;
}

/**
 * Returns a gift's money: claimed by moving it to 'refunded' (from 'paid' only: a started gift is
 * not refundable), then refunded at Stripe under a key derived from the gift, so a retry after a
 * timeout never pays out twice. A refund Stripe has not confirmed is retried by the cron.
 */
export async function refundGift(deps: Deps, gift: Gift, why: "buyer" | "rejected"): Promise<Gift> {
  const now = deps.now();
  const [claimed] = await deps.db
    .update(gifts)
    .set({ status: "refunded", refundedAt: now, updatedAt: now })
    .where(and(eq(gifts.id, gift.id), eq(gifts.status, "paid")))
    .returning();
  if (!claimed) {
    const current = (await deps.db.query.gifts.findFirst({ where: eq(gifts.id, gift.id) }))!;
    if (current.status === "refunded") return current;
    throw AppError.conflict(current.status === "redeemed" || current.status === "ended" ? "This gift has started, so it can no longer be refunded" : "This gift has not been paid");
  }
  await sendRefund(deps, claimed, why);
  return (await deps.db.query.gifts.findFirst({ where: eq(gifts.id, gift.id) }))!;
}

async function sendRefund(deps: Deps, gift: Gift, why: string): Promise<void> {
  if (!gift.paymentIntentId) return;
  try {
    const refund = await deps.stripe.refunds.create(
      { payment_intent: gift.paymentIntentId, reason: "requested_by_customer", metadata: { gift_id: gift.id, why } },
      { idempotencyKey: `threshold:gift-refund:${gift.id}` },
    );
    await deps.db.update(gifts).set({ refundId: refund.id, updatedAt: deps.now() }).where(eq(gifts.id, gift.id));
  } catch (e) {
    console.error("gift refund failed; the cron retries it", gift.id, e);
  }
}

/**
 * A recipient was decided: approval starts their waiting gift (the oldest, if several), rejection
 * refunds every gift waiting for them. Called by the review decision and, as a safety net, by the cron.
 */
export async function settleGiftsFor(
  deps: Deps,
  community: Pick<Community, "id">,
  application: Pick<Application, "id" | "email" | "status">,
  /** The gifts waiting for this person, when the caller read them in its own batch. */
  known?: Gift[],
): Promise<number> {
  if (application.status !== "approved" && application.status !== "rejected") return 0;
  const waiting = known ?? (await waitingGiftsQuery(deps.db, community.id, application.email));
  if (!waiting.length) return 0;
  if (application.status === "rejected") {
    for (const gift of waiting) await refundGift(deps, gift, "rejected");
    return waiting.length;
  }
  return (await redeemGift(deps, waiting[0]!, application)) ? 1 : 0;
}

/** Paid gifts waiting for this person in this community, oldest first (a statement for a batch). */
export function waitingGiftsQuery(db: Db, communityId: string, email: string) {
  return db
    .select()
    .from(gifts)
    .where(and(eq(gifts.communityId, communityId), eq(gifts.recipientEmail, email), eq(gifts.status, "paid")))
    .orderBy(asc(gifts.paidAt));
}

export interface GiftEndedJob {
  kind: "gift-ended";
  giftId: string;
}

/**
 * The cron: gift memberships past their end are queued for the consumer; refunds Stripe has not
 * confirmed are sent again (same key); paid gifts whose recipient was decided without the gift
 * being settled (a failed hook) are settled. Each by an indexed, LIMITed query.
 */
export async function enqueueGiftWork(deps: Deps, enqueue: Enqueue<GiftEndedJob>): Promise<number> {
  const now = deps.now();
  const [ending, unrefunded, paid] = await deps.db.batch([
    deps.db.select({ id: gifts.id }).from(gifts).where(and(eq(gifts.status, "redeemed"), lte(gifts.endsAt, now))).limit(100),
    deps.db.select().from(gifts).where(and(eq(gifts.status, "refunded"), isNull(gifts.refundId))).limit(20),
    deps.db
      .select()
      .from(gifts)
      .where(and(eq(gifts.status, "paid"), sql`exists (select 1 from ${applications} a where a.community_id = ${gifts.communityId} and a.email = ${gifts.recipientEmail} and a.status in ('approved', 'rejected'))`))
      .orderBy(asc(gifts.paidAt))
      .limit(20),
  ]);
  if (ending.length) await enqueue(ending.map((g) => ({ kind: "gift-ended", giftId: g.id })));
  for (const gift of unrefunded) await sendRefund(deps, gift, "retry");
  for (const gift of paid) {
    const [decided] = await decidedApplicationQuery(deps.db, gift);
    if (decided) await settleGiftsFor(deps, { id: gift.communityId }, { ...decided, email: gift.recipientEmail });
  }
  return ending.length;
}

/** The consumer: ends the gift's membership and tells the member how to stay, once (claimed by the gift's status). */
export async function runGiftEndedJob(deps: Deps, job: GiftEndedJob): Promise<number> {
  const now = deps.now();
  const gift = await deps.db.query.gifts.findFirst({ where: eq(gifts.id, job.giftId) });
  if (!gift || gift.status !== "redeemed" || !gift.endsAt || gift.endsAt > now) return 0;
  const [claimed] = await deps.db.batch([
    deps.db.update(gifts).set({ status: "ended", endedAt: now, updatedAt: now }).where(and(eq(gifts.id, gift.id), eq(gifts.status, "redeemed"))).returning({ id: gifts.id }),
    // Only the gift's own comped membership: a member who moved to a paid plan keeps it.
    deps.db
      .update(memberships)
      .set({ status: "canceled", endedAt: now, endedReason: "Gift ended", updatedAt: now })
      .where(and(eq(memberships.id, gift.membershipId ?? ""), eq(memberships.comped, true), inArray(memberships.status, ["active"]))),
  ]);
  if (!claimed.length) return 0;
  const community = await deps.db.query.communities.findFirst({ where: (c, { eq: is }) => is(c.id, gift.communityId) });
  await deps.mailer.send({
    to: gift.recipientEmail,
    kind: "gift_ended",
    subject: `Your gift membership of ${community!.name} has ended`,
    text: `Hello ${gift.recipientName},\n\nThe ${gift.months}-month gift that began on ${formatDate(gift.redeemedAt)} has ended. To stay, choose a membership: ${deps.config.appUrl}/c/${community!.slug}/join`,
  });
  return 1;
}

function giftIdOf(obj: { metadata?: Stripe.Metadata | null }): string | null {
  return obj.metadata?.gift_id ?? null;
}

/** Checkout for a gift completed or lapsed: re-read it and move the gift accordingly. */
async function onGiftCheckout(deps: Deps, event: Stripe.Event) {
  const id = giftIdOf(event.data.object as Stripe.Checkout.Session);
  if (!id) return;
  const gift = await deps.db.query.gifts.findFirst({ where: eq(gifts.id, id) });
  if (!gift) return;
  const session = await currentSessionOf(deps, event);
  const paid = await syncGiftPayment(deps, gift, session);
  // A recipient already decided when the money arrived.
  if (paid.status === "paid") {
    const [decided] = await decidedApplicationQuery(deps.db, paid);
    if (decided) await settleGiftsFor(deps, { id: paid.communityId }, { ...decided, email: paid.recipientEmail });
  }
}

export const giftHandlers: HandlerMap = {
  "checkout.session.completed": onGiftCheckout,
  "checkout.session.async_payment_succeeded": onGiftCheckout,
  "checkout.session.expired": onGiftCheckout,
};

/** What the buyer's page says about the gift's state. */
export function giftStateText(gift: Gift): string {
  switch (gift.status) {
    case "pending":
      return "Waiting for payment.";
    case "paid":
      return `Paid. Waiting for ${gift.recipientName} to apply and be approved.`;
    case "redeemed":
      return `${gift.recipientName} joined on ${formatDate(gift.redeemedAt)}; the gift runs until ${formatDate(gift.endsAt)}.`;
    case "ended":
      return `The gift ran from ${formatDate(gift.redeemedAt)} to ${formatDate(gift.endsAt)}.`;
    case "refunded":
      return `Refunded on ${formatDate(gift.refundedAt)}.`;
    case "expired":
      return "The payment page lapsed before payment; nothing was charged.";
  }
}
