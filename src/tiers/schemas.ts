// From the OpenAPI build of zod, so the API can document these schemas whatever the import order.
import { z } from "@hono/zod-openapi";
import { BILLING_INTERVALS, TIER_VISIBILITIES } from "../../drizzle";
import { CURRENCIES } from "../communities/schemas";
import { lazyFields } from "../lib/lazy-fields";
// Object schemas are built on first use (z.lazy), not while a new isolate starts: README, "Cold start".

/** Validation for tiers, their invites and price migrations, shared by the owner pages and any API. */

/** Stripe's smallest charge is about 0.50 in most currencies; below that a price cannot be paid. */
export const MIN_PRICE_MINOR = 50;
/** A guard against typos like an extra zero, not a Stripe limit. */
export const MAX_PRICE_MINOR = 10_000_000;
/** Members must hear about a price migration at least this long before it takes effect. */
export const MIGRATION_NOTICE_DAYS = 7;

const amount = () => z
  .number({ error: "Price must be a whole number of minor units (cents)" })
  .int("Price must be a whole number of minor units (cents)")
  .min(MIN_PRICE_MINOR, `Price must be at least ${MIN_PRICE_MINOR} minor units (0.50)`)
  .max(MAX_PRICE_MINOR, "Price is too large");

export const tierFields = lazyFields({
  name: () => z.string().trim().min(2, "Name must be at least 2 characters").max(60, "Name must be at most 60 characters"),
  description: () => z.string().max(2000, "Description must be at most 2,000 characters"),
  perks: () => z
    .array(z.string().trim().min(1, "Perks cannot be empty").max(120, "Each perk must be at most 120 characters"))
    .max(12, "At most 12 perks"),
  rank: () => z.number({ error: "Rank must be a whole number from 1 to 100" }).int("Rank must be a whole number from 1 to 100").min(1, "Rank must be at least 1").max(100, "Rank must be at most 100"),
  visibility: () => z.enum(TIER_VISIBILITIES, { error: "Visibility must be public or invite_only" }),
  capacity: () => z.number({ error: "Capacity must be a whole number, or empty for no cap" }).int("Capacity must be a whole number").min(1, "Capacity must be at least 1").nullable(),
  trialDays: () => z.number({ error: "Trial must be a whole number of days" }).int("Trial must be a whole number of days").min(0, "Trial cannot be negative").max(90, "Trial must be at most 90 days"),
  monthlyAmount: () => amount().nullable(),
  yearlyAmount: () => amount().nullable(),
  currency: () => z.enum(CURRENCIES, { error: `Currency must be one of ${CURRENCIES.join(", ")}` }),
});

export const NEEDS_A_PRICE = "Give a monthly or a yearly price (or both)";

/** A new tier: at least one recurring price. */
export const tierInputSchema = z.lazy(() =>
  z
    .strictObject({
      name: tierFields.name,
      description: tierFields.description.default(""),
      perks: tierFields.perks.default([]),
      rank: tierFields.rank,
      visibility: tierFields.visibility.default("public"),
      capacity: tierFields.capacity.default(null),
      trialDays: tierFields.trialDays.default(0),
      monthlyAmount: tierFields.monthlyAmount.default(null),
      yearlyAmount: tierFields.yearlyAmount.default(null),
      currency: tierFields.currency,
    })
    .superRefine((t, ctx) => {
      if (t.monthlyAmount == null && t.yearlyAmount == null) {
        ctx.addIssue({ code: "custom", path: ["monthlyAmount"], message: NEEDS_A_PRICE });
        ctx.addIssue({ code: "custom", path: ["yearlyAmount"], message: NEEDS_A_PRICE });
      }
    }),
);
export type TierInput = z.infer<typeof tierInputSchema>;
export type TierInputRaw = z.input<typeof tierInputSchema>;

/**
 * A change to a tier: missing keys stay as they are; an amount of `null` removes that interval.
 * Currency is accepted only when unchanged (prices of one tier share a currency, and a Stripe
 * subscription cannot switch currency, so grandfathered members could never be migrated).
 */
export const tierUpdateSchema = z.lazy(() =>
  z.strictObject({
    name: tierFields.name.optional(),
    description: tierFields.description.optional(),
    perks: tierFields.perks.optional(),
    rank: tierFields.rank.optional(),
    visibility: tierFields.visibility.optional(),
    capacity: tierFields.capacity.optional(),
    trialDays: tierFields.trialDays.optional(),
    monthlyAmount: tierFields.monthlyAmount.optional(),
    yearlyAmount: tierFields.yearlyAmount.optional(),
    currency: tierFields.currency.optional(),
  }),
);
export type TierUpdate = z.infer<typeof tierUpdateSchema>;
export type TierUpdateRaw = z.input<typeof tierUpdateSchema>;

export const inviteInputSchema = z.lazy(() =>
  z.strictObject({
    email: z
      .string()
      .trim()
      .toLowerCase()
      .pipe(z.email("Enter an email address like name@example.com"))
      .optional(),
    maxUses: z.number({ error: "Uses must be a whole number" }).int("Uses must be a whole number").min(1, "Allow at least 1 use").max(1000, "At most 1,000 uses").default(1),
    days: z.number({ error: "Days must be a whole number" }).int("Days must be a whole number").min(1, "Valid for at least 1 day").max(365, "Valid for at most 365 days").default(14),
  }),
);
export type InviteInput = z.infer<typeof inviteInputSchema>;
export type InviteInputRaw = z.input<typeof inviteInputSchema>;

export const migrationInputSchema = z.lazy(() =>
  z.strictObject({
    interval: z.enum(BILLING_INTERVALS, { error: "Interval must be month or year" }),
    effectiveAt: z.date({ error: "Enter the date the new price takes effect" }),
    reason: z.string().trim().min(1, "Give a reason (kept in the audit log)").max(500, "Reason must be at most 500 characters"),
  }),
);
export type MigrationInput = z.infer<typeof migrationInputSchema>;
