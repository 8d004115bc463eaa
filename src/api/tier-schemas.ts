import * as z from "zod/mini";
import { BILLING_INTERVALS, MEMBERSHIP_STATUSES, TIER_VISIBILITIES } from "../../drizzle";
import { CURRENCIES } from "../communities/schemas";
import { inviteInputSchema, migrationInputSchema, tierInputSchema, tierUpdateSchema } from "../tiers/schemas";
import { named } from "./openapi";
import { SlugParams, timestamp, pathId } from "./schemas";
import { lazyFields } from "../lib/lazy-fields";

/** Shapes of the tier, join and `/me` endpoints. Request bodies reuse the tiers feature's own schemas. */


export const TierParams = z.extend(SlugParams, lazyFields({ id: () => pathId("id", "tier_3k9v2m0c7x1n8b4r5t6y") }));

export const TierPriceSchema = z.lazy(() =>
  z.object({
    amount: z.number().check(z.int(), z.meta({ description: "In the currency's minor unit (cents)", example: 2900 })),
    currency: z.enum(CURRENCIES),
  }).check(z.meta({ id: "TierPrice" })),
);

export const TierSchema = z.lazy(() =>
  z.object({
    id: z.string(),
    name: z.string(),
    description: z.string().check(z.meta({ description: "Markdown" })),
    perks: z.array(z.string()),
    rank: z.number().check(z.int(), z.meta({ description: "Place in the pyramid: a higher rank sees everything lower ranks see" })),
    visibility: z.enum(TIER_VISIBILITIES),
    capacity: z.nullable(z.number().check(z.int())).check(z.meta({ description: "Seats; null means no cap" })),
    seatsLeft: z.nullable(z.number().check(z.int())).check(z.meta({ description: "Seats still free right now; null when the tier has no cap" })),
    trialDays: z.number().check(z.int()),
    currency: z.enum(CURRENCIES),
    prices: z.object({ month: z.optional(TierPriceSchema), year: z.optional(TierPriceSchema) }).check(z.meta({ description: "What a newcomer pays, per billing interval; an interval without a price is absent" })),
    archivedAt: z.nullable(timestamp).check(z.meta({ description: "Set once archived (only staff see archived tiers)" })),
  }).check(z.meta({ id: "Tier" })),
);

export const TierCreateBody = named(tierInputSchema, "TierCreate", {
  example: { name: "Member", rank: 1, perks: ["Forum", "Weekly drops"], monthlyAmount: 2900, yearlyAmount: 29000, currency: "usd" },
});

export const TierUpdateBody = named(tierUpdateSchema, "TierUpdate", { example: { monthlyAmount: 3900 } });

export const InviteBody = named(inviteInputSchema, "InviteCreate", { example: { email: "ada@example.com", maxUses: 1, days: 14 } });

export const InviteSchema = z.lazy(() =>
  z.object({
    id: z.string(),
    tierId: z.string(),
    url: z.url().check(z.meta({ description: "The join link to send; anyone holding it may use it, so share it privately" })),
    email: z.nullable(z.string()).check(z.meta({ description: "When set, only this person may use the invite" })),
    maxUses: z.number().check(z.int()),
    uses: z.number().check(z.int()),
    expiresAt: timestamp,
    createdAt: timestamp,
  }).check(z.meta({ id: "Invite" })),
);

const ISO_MOMENT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;

export const MigrationBody = z.lazy(() =>
  z.strictObject({
    interval: migrationInputSchema._zod.innerType.shape.interval,
    effectiveAt: z.pipe(z.string({ error: "Give the date the new price takes effect" }).check(z.regex(ISO_MOMENT, { message: "Use an ISO date or date-time like 2026-08-01 or 2026-08-01T00:00:00Z", abort: true }), z.refine((s) => !Number.isNaN(Date.parse(s)), "Not a real date")), z.transform((s) => new Date(s))).check(z.meta({ description: "When the new price starts to apply (at the first renewal on or after it)", example: "2026-08-01T00:00:00Z" })),
    reason: migrationInputSchema._zod.innerType.shape.reason,
  }).check(z.meta({ id: "MigrationRequest" })),
);

export const MigrationResultSchema = z.lazy(() =>
  z.object({ scheduled: z.number().check(z.int(), z.meta({ description: "Members moved to the current price on that date; 0 when nobody pays an older one" })) }).check(z.meta({ id: "MigrationResult" })),
);

export const JoinBody = z.lazy(() =>
  z.strictObject({
    tierId: z.string({ error: "Choose one of the tiers" }).check(z.minLength(1, "Choose one of the tiers"), z.maxLength(64)),
    interval: z.enum(BILLING_INTERVALS, { error: "Choose month or year billing" }),
  }).check(z.meta({ id: "JoinRequest", example: { tierId: "tier_3k9v2m0c7x1n8b4r5t6y", interval: "month" } })),
);

export const JoinCheckoutSchema = z.lazy(() =>
  z.object({ checkoutUrl: z.url().check(z.meta({ description: "Stripe Checkout for the subscription; the seat is held while it is open" })) }).check(z.meta({ id: "JoinCheckout" })),
);

export const JoinWaitlistedSchema = z.lazy(() =>
  z.object({ waitlisted: z.literal(true), position: z.number().check(z.int(), z.meta({ description: "1-based place in line" })) }).check(z.meta({ id: "JoinWaitlisted" })),
);

export const AccessSchema = z.lazy(() =>
  z.object({
    role: z.enum(["operator", "owner", "moderator", "member", "none"]),
    standing: z.enum(["good", "grace", "lapsed", "none"]).check(z.meta({ description: "Of the caller's membership: paid up, in the past-due grace period, lapsed, or none" })),
    tier: z.nullable(z.object({ id: z.string(), name: z.string(), rank: z.number().check(z.int()) })),
    membership: z.nullable(z.object({
        status: z.enum(MEMBERSHIP_STATUSES),
        currentPeriodEnd: z.nullable(timestamp),
        cancelAtPeriodEnd: z.boolean(),
        graceEndsAt: z.nullable(timestamp),
      })),
  }).check(z.meta({ id: "Access" })),
);
