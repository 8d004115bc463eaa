import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type Stripe from "stripe";
import { applications, communities, gifts, LIVE_MEMBERSHIP_STATUSES, memberships, tierPrices, tiers, type Community, type Gift, type Tier } from "../../drizzle";
import type { Deps } from "../env";
import type { Db } from "../lib/db";
import { AppError } from "../lib/errors";
import { newId, newSecretToken } from "../lib/ids";
import { parseOrThrow } from "../lib/validation";
import { formatMoney } from "../ui/format";
import { GIFT_REFUND_RULE } from "./copy";
import { giftOrderSchema } from "./schemas";

/**
 * Gifts: someone pays once (Checkout, payment mode) for 1–12 months of a tier for a named email.
 * The recipient still applies and is reviewed; on approval they get a comped membership of that
 * tier that ends when the gift does (src/gifts/lifecycle.ts), then they are asked to subscribe.
 * The stated rule: a gift is refundable in full until it starts, and refunded automatically if
 * the recipient is not approved. Each move is claimed by a conditional status change first.
 */


const CHECKOUT_TTL_SECONDS = 60 * 60;

/** The public tiers a gift can be, with their active monthly price. */
export async function giftableTiers(db: Db, communityId: string): Promise<{ tier: Tier; monthly: number }[]> {
  const rows = await db
    .select({ tier: tiers, monthly: tierPrices.amount })
    .from(tiers)
    .innerJoin(tierPrices, and(eq(tierPrices.tierId, tiers.id), eq(tierPrices.interval, "month"), eq(tierPrices.active, true)))
    .where(and(eq(tiers.communityId, communityId), eq(tiers.visibility, "public"), sql`${tiers.archivedAt} is null`))
    .orderBy(asc(tiers.rank));
  return rows;
}

export interface GiftPurchase {
  gift: Gift;
  checkoutUrl: string;
}

/** Validates an order, stores the gift as pending and opens its Checkout; the amount comes from the tier. */
export async function buyGift(deps: Deps, community: Community, raw: unknown): Promise<GiftPurchase> {
  const order = parseOrThrow(giftOrderSchema, raw);
  const [offers, live] = await deps.db.batch([
    deps.db
      .select({ tier: tiers, monthly: tierPrices.amount })
      .from(tiers)
      .innerJoin(tierPrices, and(eq(tierPrices.tierId, tiers.id), eq(tierPrices.interval, "month"), eq(tierPrices.active, true)))
      .where(and(eq(tiers.id, order.tierId), eq(tiers.communityId, community.id), eq(tiers.visibility, "public"), sql`${tiers.archivedAt} is null`))
      .limit(1),
    deps.db
      .select({ id: memberships.id })
      .from(memberships)
      .where(and(eq(memberships.communityId, community.id), eq(memberships.email, order.recipientEmail), inArray(memberships.status, [...LIVE_MEMBERSHIP_STATUSES])))
      .limit(1),
  ]);
  const offer = offers[0];
  if (!offer) throw AppError.validation([{ field: "tierId", message: "Choose one of the community's public tiers with a monthly price" }]);
  if (live.length) throw new AppError(409, "conflict", `${order.recipientEmail} is already a member of ${community.name}`, [{ field: "recipientEmail", message: "Already a member" }]);
  const now = deps.now();
  const gift: Gift = {
    id: newId("gift"),
    communityId: community.id,
    tierId: offer.tier.id,
    months: order.months,
    amount: offer.monthly * order.months,
    currency: offer.tier.currency,
    buyerEmail: order.buyerEmail,
    recipientEmail: order.recipientEmail,
    recipientName: order.recipientName,
    message: order.message || null,
    status: "pending",
    token: newSecretToken(),
    checkoutSessionId: null,
    paymentIntentId: null,
    membershipId: null,
    paidAt: null,
    redeemedAt: null,
    endsAt: null,
    endedAt: null,
    refundedAt: null,
    refundId: null,
    createdAt: now,
    updatedAt: now,
  };
  await deps.db.insert(gifts).values(gift);
  const what = `${order.months} ${order.months === 1 ? "month" : "months"} of ${offer.tier.name} at ${community.name}`;
  const base = `${deps.config.appUrl}/gifts/${gift.token}`;
  const session = await deps.stripe.checkout.sessions.create(
    {
      mode: "payment",
      line_items: [{ quantity: 1, price_data: { currency: gift.currency, unit_amount: gift.amount, product_data: { name: `Gift: ${what}` } } }],
      customer_email: gift.buyerEmail,
      metadata: { gift_id: gift.id, community_id: community.id },
      payment_intent_data: { metadata: { gift_id: gift.id, community_id: community.id }, description: `Gift: ${what} for ${gift.recipientName}` },
      success_url: `${base}?checkout=success`,
      cancel_url: `${base}?checkout=cancelled`,
      expires_at: Math.floor(now.getTime() / 1000) + CHECKOUT_TTL_SECONDS,
    },
    { idempotencyKey: `threshold:gift-checkout:${gift.id}` },
  );
  await deps.db.update(gifts).set({ checkoutSessionId: session.id, updatedAt: now }).where(eq(gifts.id, gift.id));
  if (!session.url) throw new AppError(502, "stripe_error", "Stripe did not return a checkout URL");
  return { gift: { ...gift, checkoutSessionId: session.id }, checkoutUrl: session.url };
}

export async function giftByToken(db: Db, token: string): Promise<Gift> {
  const gift = token.length >= 20 && token.length <= 64 ? await db.query.gifts.findFirst({ where: eq(gifts.token, token) }) : undefined;
  if (!gift) throw AppError.notFound("Gift");
  return gift;
}

/**
 * Brings a gift in line with its Checkout Session (re-read from Stripe, so duplicates and any
 * order end the same): paid once, and the recipient told once, by the conditional claim.
 */
export async function syncGiftPayment(deps: Deps, gift: Gift, session?: Stripe.Checkout.Session): Promise<Gift> {
  if (gift.status !== "pending" || !gift.checkoutSessionId) return gift;
  const current = session && session.id === gift.checkoutSessionId ? session : await deps.stripe.checkout.sessions.retrieve(gift.checkoutSessionId);
  const now = deps.now();
  if (current.status === "expired") {
    await deps.db.update(gifts).set({ status: "expired", updatedAt: now }).where(and(eq(gifts.id, gift.id), eq(gifts.status, "pending")));
  } else if (current.status === "complete" && current.payment_status === "paid") {
    const intent = typeof current.payment_intent === "string" ? current.payment_intent : (current.payment_intent?.id ?? null);
    const [claimed] = await deps.db
      .update(gifts)
      .set({ status: "paid", paidAt: now, paymentIntentId: intent, updatedAt: now })
      .where(and(eq(gifts.id, gift.id), eq(gifts.status, "pending")))
      .returning();
    if (claimed) await tellRecipient(deps, claimed);
  }
  return (await deps.db.query.gifts.findFirst({ where: eq(gifts.id, gift.id) }))!;
}

async function tellRecipient(deps: Deps, gift: Gift): Promise<void> {
  const [row] = await deps.db
    .select({ community: communities.name, slug: communities.slug, tier: tiers.name })
    .from(tiers)
    .innerJoin(communities, eq(communities.id, tiers.communityId))
    .where(eq(tiers.id, gift.tierId));
  const months = `${gift.months} ${gift.months === 1 ? "month" : "months"}`;
  await deps.mailer.send({
    to: gift.recipientEmail,
    kind: "gift_received",
    subject: `A gift for you: ${months} of ${row!.community}`,
    text:
      `Hello ${gift.recipientName},\n\nSomeone gave you ${months} of ${row!.tier} at ${row!.community}.${gift.message ? `\n\nTheir message: ${gift.message}` : ""}\n\n` +
      `${row!.community} is a community you apply to: answer its questions at the link below with this email address. ` +
      `If you are approved, you join without paying for ${months}; after that you can choose to subscribe.\n\n${deps.config.appUrl}/c/${row!.slug}`,
  });
  await deps.mailer.send({
    to: gift.buyerEmail,
    kind: "gift_receipt",
    subject: `Your gift to ${gift.recipientName}: ${formatMoney(gift.amount, gift.currency)}`,
    text: `Thank you. ${gift.recipientName} has been told about your gift. ${GIFT_REFUND_RULE}\n\nFollow it here: ${deps.config.appUrl}/gifts/${gift.token}`,
  });
}

/**
 * The recipient's decision that settles a paid gift: an approval at any time (they are through
 * the door), or a rejection made after the gift was paid (someone turned down before may apply
 * again, so an older rejection leaves the gift waiting).
 */
export function decidedApplicationQuery(db: Db, gift: Pick<Gift, "communityId" | "recipientEmail" | "paidAt">) {
  const paidMs = gift.paidAt?.getTime() ?? 0;
  return db
    .select({ status: applications.status, id: applications.id })
    .from(applications)
    .where(
      and(
        eq(applications.communityId, gift.communityId),
        eq(applications.email, gift.recipientEmail),
        sql`(${applications.status} = 'approved' or (${applications.status} = 'rejected' and ${applications.decidedAt} >= ${paidMs}))`,
      ),
    )
    .orderBy(sql`${applications.decidedAt} desc`)
    .limit(1);
}
