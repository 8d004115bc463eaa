import { and, desc, eq, sql } from "drizzle-orm";
import { applications, memberships, promotionCodes, tiers, type Community, type PromotionCode } from "../../drizzle";
import type { Deps } from "../env";
import type { Db } from "../lib/db";
import { AppError } from "../lib/errors";
import { newId } from "../lib/ids";
import type { PromotionCodeCreate } from "./schemas";

/**
 * Creates a code: first its Stripe coupon (duration once: the fee, or a tier's first invoice) and
 * Stripe promotion code, keyed by our id so a retried request reuses them, then the row. Stripe's
 * codes are unique account-wide while ours are unique per community, so the Stripe code carries a
 * suffix; people never type it (Checkout gets the promotion code's id).
 */
export async function createPromotionCode(deps: Deps, community: Community, input: PromotionCodeCreate, actor: string): Promise<PromotionCode> {
  const now = deps.now();
  if (input.expiresAt && input.expiresAt <= now) throw AppError.validation([{ field: "expiresAt", message: "Must be in the future" }]);
  if (input.amountOff != null && input.target === "fee" && community.feeAmount > 0 && input.amountOff > community.feeAmount) {
    throw AppError.validation([{ field: "amountOff", message: "More than the application fee" }]);
  }
  if (input.target === "tier") {
    const tier = await deps.db.query.tiers.findFirst({ where: and(eq(tiers.id, input.tierId!), eq(tiers.communityId, community.id)) });
    if (!tier || tier.archivedAt) throw AppError.validation([{ field: "tierId", message: "Not a tier of this community" }]);
  }
  const taken = await deps.db.query.promotionCodes.findFirst({ where: and(eq(promotionCodes.communityId, community.id), eq(promotionCodes.code, input.code)) });
  if (taken) throw new AppError(409, "conflict", `The code ${input.code} already exists in this community`, [{ field: "code", message: "Already exists" }]);

  const id = newId("pcd");
  const coupon = await deps.stripe.coupons.create(
    {
      duration: "once",
      name: `${community.name}: ${input.code}`.slice(0, 40),
      ...(input.percentOff != null ? { percent_off: input.percentOff } : { amount_off: input.amountOff!, currency: community.currency }),
      metadata: { community_id: community.id, promotion_code_id: id },
    },
    { idempotencyKey: `threshold:promo-coupon:${id}` },
  );
  const promo = await deps.stripe.promotionCodes.create(
    {
      promotion: { type: "coupon", coupon: coupon.id },
      code: `${input.code}-${id.slice(-6).toUpperCase()}`,
      ...(input.maxRedemptions != null ? { max_redemptions: input.maxRedemptions } : {}),
      ...(input.expiresAt ? { expires_at: Math.floor(input.expiresAt.getTime() / 1000) } : {}),
      restrictions: { first_time_transaction: input.firstTimeOnly },
      metadata: { community_id: community.id, promotion_code_id: id },
    },
    { idempotencyKey: `threshold:promo-code:${id}` },
  );
  const row: PromotionCode = {
    id,
    communityId: community.id,
    code: input.code,
    target: input.target,
    tierId: input.target === "tier" ? input.tierId! : null,
    percentOff: input.percentOff ?? null,
    amountOff: input.amountOff ?? null,
    currency: community.currency,
    expiresAt: input.expiresAt ?? null,
    maxRedemptions: input.maxRedemptions ?? null,
    firstTimeOnly: input.firstTimeOnly,
    redeemed: 0,
    discountTotal: 0,
    revenue: 0,
    active: true,
    stripeCouponId: coupon.id,
    stripePromotionCodeId: promo.id,
    createdBy: actor,
    createdAt: now,
  };
  try {
    await deps.db.insert(promotionCodes).values(row);
  } catch (e) {
    // Two owners typed the same new code at once: the index let one in.
    if (String(e).includes("UNIQUE constraint failed")) throw new AppError(409, "conflict", `The code ${input.code} already exists in this community`, [{ field: "code", message: "Already exists" }]);
    throw e;
  }
  return row;
}

/** The community's codes, newest first (a page of them). */
export function listPromotionCodes(db: Db, communityId: string, limit = 100) {
  return db.select().from(promotionCodes).where(eq(promotionCodes.communityId, communityId)).orderBy(desc(promotionCodes.createdAt)).limit(limit);
}

export async function promotionCodeOf(db: Db, communityId: string, id: string): Promise<PromotionCode> {
  const code = id.length <= 64 ? await db.query.promotionCodes.findFirst({ where: and(eq(promotionCodes.id, id), eq(promotionCodes.communityId, communityId)) }) : undefined;
  if (!code) throw AppError.notFound("Promotion code");
  return code;
}

/** Stops a code: at Stripe first (no new Checkout takes it), then here. */
export async function deactivatePromotionCode(deps: Deps, code: PromotionCode): Promise<PromotionCode> {
  if (!code.active) return code;
  await deps.stripe.promotionCodes.update(code.stripePromotionCodeId, { active: false }, { idempotencyKey: `threshold:promo-off:${code.id}` });
  await deps.db.update(promotionCodes).set({ active: false }).where(eq(promotionCodes.id, code.id));
  return { ...code, active: false };
}

/**
 * Whether the address is new to the community, for first-time-only codes: no earlier paid
 * application and no membership that ever started.
 */
export async function isFirstTime(db: Db, communityId: string, email: string): Promise<boolean> {
  const who = email.toLowerCase();
  const [apps, members] = await db.batch([
    db
      .select({ id: applications.id })
      .from(applications)
      .where(and(eq(applications.communityId, communityId), eq(applications.email, who), sql`${applications.paidAt} is not null`))
      .limit(1),
    db
      .select({ id: memberships.id })
      .from(memberships)
      .where(and(eq(memberships.communityId, communityId), eq(memberships.email, who), sql`${memberships.joinedAt} is not null`))
      .limit(1),
  ]);
  return apps.length === 0 && members.length === 0;
}
