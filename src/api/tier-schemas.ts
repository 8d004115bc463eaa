import { z } from "@hono/zod-openapi";
import { BILLING_INTERVALS, MEMBERSHIP_STATUSES, TIER_VISIBILITIES } from "../../drizzle";
import { CURRENCIES } from "../communities/schemas";
import { inviteInputSchema, migrationInputSchema, tierInputSchema, tierUpdateSchema } from "../tiers/schemas";
import { named } from "./openapi";
import { SlugParams, timestamp } from "./schemas";
import { lazyFields } from "../lib/lazy-fields";

/** Shapes of the tier, join and `/me` endpoints. Request bodies reuse the tiers feature's own schemas. */

const id = (example: string) => z.string().min(1).max(64).openapi({ param: { name: "id", in: "path" }, example });

export const TierParams = SlugParams.extend(lazyFields({ id: () => id("tier_3k9v2m0c7x1n8b4r5t6y") }));

export const TierPriceSchema = z.lazy(() =>
  z
    .object({
      amount: z.number().int().openapi({ description: "In the currency's minor unit (cents)", example: 2900 }),
      currency: z.enum(CURRENCIES),
    })
    .openapi("TierPrice"),
);

export const TierSchema = z.lazy(() =>
  z
    .object({
      id: z.string(),
      name: z.string(),
      description: z.string().openapi({ description: "Markdown" }),
      perks: z.array(z.string()),
      rank: z.number().int().openapi({ description: "Place in the pyramid: a higher rank sees everything lower ranks see" }),
      visibility: z.enum(TIER_VISIBILITIES),
      capacity: z.number().int().nullable().openapi({ description: "Seats; null means no cap" }),
      seatsLeft: z.number().int().nullable().openapi({ description: "Seats still free right now; null when the tier has no cap" }),
      trialDays: z.number().int(),
      currency: z.enum(CURRENCIES),
      prices: z
        .object({ month: TierPriceSchema.optional(), year: TierPriceSchema.optional() })
        .openapi({ description: "What a newcomer pays, per billing interval; an interval without a price is absent" }),
      archivedAt: timestamp.nullable().openapi({ description: "Set once archived (only staff see archived tiers)" }),
    })
    .openapi("Tier"),
);

export const TierCreateBody = named(tierInputSchema, "TierCreate", {
  example: { name: "Member", rank: 1, perks: ["Forum", "Weekly drops"], monthlyAmount: 2900, yearlyAmount: 29000, currency: "usd" },
});

export const TierUpdateBody = named(tierUpdateSchema, "TierUpdate", { example: { monthlyAmount: 3900 } });

export const InviteBody = named(inviteInputSchema, "InviteCreate", { example: { email: "ada@example.com", maxUses: 1, days: 14 } });

export const InviteSchema = z.lazy(() =>
  z
    .object({
      id: z.string(),
      tierId: z.string(),
      url: z.url().openapi({ description: "The join link to send; anyone holding it may use it, so share it privately" }),
      email: z.string().nullable().openapi({ description: "When set, only this person may use the invite" }),
      maxUses: z.number().int(),
      uses: z.number().int(),
      expiresAt: timestamp,
      createdAt: timestamp,
    })
    .openapi("Invite"),
);

const ISO_MOMENT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;

export const MigrationBody = z.lazy(() =>
  z
    .strictObject({
      interval: migrationInputSchema._zod.innerType.shape.interval,
      effectiveAt: z
        .string({ error: "Give the date the new price takes effect" })
        .regex(ISO_MOMENT, { message: "Use an ISO date or date-time like 2026-08-01 or 2026-08-01T00:00:00Z", abort: true })
        .refine((s) => !Number.isNaN(Date.parse(s)), "Not a real date")
        .transform((s) => new Date(s))
        .openapi({ description: "When the new price starts to apply (at the first renewal on or after it)", example: "2026-08-01T00:00:00Z" }),
      reason: migrationInputSchema._zod.innerType.shape.reason,
    })
    .openapi("MigrationRequest"),
);

export const MigrationResultSchema = z.lazy(() =>
  z
    .object({ scheduled: z.number().int().openapi({ description: "Members moved to the current price on that date; 0 when nobody pays an older one" }) })
    .openapi("MigrationResult"),
);

export const JoinBody = z.lazy(() =>
  z
    .strictObject({
      tierId: z.string({ error: "Choose one of the tiers" }).min(1, "Choose one of the tiers").max(64),
      interval: z.enum(BILLING_INTERVALS, { error: "Choose month or year billing" }),
    })
    .openapi("JoinRequest", { example: { tierId: "tier_3k9v2m0c7x1n8b4r5t6y", interval: "month" } }),
);

export const JoinCheckoutSchema = z.lazy(() =>
  z
    .object({ checkoutUrl: z.url().openapi({ description: "Stripe Checkout for the subscription; the seat is held while it is open" }) })
    .openapi("JoinCheckout"),
);

export const JoinWaitlistedSchema = z.lazy(() =>
  z
    .object({ waitlisted: z.literal(true), position: z.number().int().openapi({ description: "1-based place in line" }) })
    .openapi("JoinWaitlisted"),
);

export const AccessSchema = z.lazy(() =>
  z
    .object({
      role: z.enum(["operator", "owner", "moderator", "member", "none"]),
      standing: z.enum(["good", "grace", "lapsed", "none"]).openapi({ description: "Of the caller's membership: paid up, in the past-due grace period, lapsed, or none" }),
      tier: z.object({ id: z.string(), name: z.string(), rank: z.number().int() }).nullable(),
      membership: z
        .object({
          status: z.enum(MEMBERSHIP_STATUSES),
          currentPeriodEnd: timestamp.nullable(),
          cancelAtPeriodEnd: z.boolean(),
          graceEndsAt: timestamp.nullable(),
        })
        .nullable(),
    })
    .openapi("Access"),
);
