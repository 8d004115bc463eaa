import * as z from "zod/mini";
import "../lib/zod-messages";
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

const amount = () => z.number({ error: "Price must be a whole number of minor units (cents)" }).check(z.int("Price must be a whole number of minor units (cents)"), z.gte(MIN_PRICE_MINOR, `Price must be at least ${MIN_PRICE_MINOR} minor units (0.50)`), z.lte(MAX_PRICE_MINOR, "Price is too large"));

export const tierFields = lazyFields({
  name: () => z.string().check(z.trim(), z.minLength(2, "Name must be at least 2 characters"), z.maxLength(60, "Name must be at most 60 characters")),
  description: () => z.string().check(z.maxLength(2000, "Description must be at most 2,000 characters")),
  perks: () => z.array(z.string().check(z.trim(), z.minLength(1, "Perks cannot be empty"), z.maxLength(120, "Each perk must be at most 120 characters"))).check(z.maxLength(12, "At most 12 perks")),
  rank: () => z.number({ error: "Rank must be a whole number from 1 to 100" }).check(z.int("Rank must be a whole number from 1 to 100"), z.gte(1, "Rank must be at least 1"), z.lte(100, "Rank must be at most 100")),
  visibility: () => z.enum(TIER_VISIBILITIES, { error: "Visibility must be public or invite_only" }),
  capacity: () => z.nullable(z.number({ error: "Capacity must be a whole number, or empty for no cap" }).check(z.int("Capacity must be a whole number"), z.gte(1, "Capacity must be at least 1"))),
  trialDays: () => z.number({ error: "Trial must be a whole number of days" }).check(z.int("Trial must be a whole number of days"), z.gte(0, "Trial cannot be negative"), z.lte(90, "Trial must be at most 90 days")),
  monthlyAmount: () => z.nullable(amount()),
  yearlyAmount: () => z.nullable(amount()),
  currency: () => z.enum(CURRENCIES, { error: `Currency must be one of ${CURRENCIES.join(", ")}` }),
});

export const NEEDS_A_PRICE = "Give a monthly or a yearly price (or both)";

/** A new tier: at least one recurring price. */
export const tierInputSchema = z.lazy(() =>
  z.strictObject({
      name: tierFields.name,
      description: z._default(tierFields.description, ""),
      perks: z._default(tierFields.perks, []),
      rank: tierFields.rank,
      visibility: z._default(tierFields.visibility, "public"),
      capacity: z._default(tierFields.capacity, null),
      trialDays: z._default(tierFields.trialDays, 0),
      monthlyAmount: z._default(tierFields.monthlyAmount, null),
      yearlyAmount: z._default(tierFields.yearlyAmount, null),
      currency: tierFields.currency,
    }).check(z.superRefine((t, ctx) => {
      if (t.monthlyAmount == null && t.yearlyAmount == null) {
        ctx.addIssue({ code: "custom", path: ["monthlyAmount"], message: NEEDS_A_PRICE });
        ctx.addIssue({ code: "custom", path: ["yearlyAmount"], message: NEEDS_A_PRICE });
      }
    })),
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
    name: z.optional(tierFields.name),
    description: z.optional(tierFields.description),
    perks: z.optional(tierFields.perks),
    rank: z.optional(tierFields.rank),
    visibility: z.optional(tierFields.visibility),
    capacity: z.optional(tierFields.capacity),
    trialDays: z.optional(tierFields.trialDays),
    monthlyAmount: z.optional(tierFields.monthlyAmount),
    yearlyAmount: z.optional(tierFields.yearlyAmount),
    currency: z.optional(tierFields.currency),
  }),
);
export type TierUpdate = z.infer<typeof tierUpdateSchema>;
export type TierUpdateRaw = z.input<typeof tierUpdateSchema>;

export const inviteInputSchema = z.lazy(() =>
  z.strictObject({
    email: z.optional(z.pipe(z.string().check(z.trim(), z.toLowerCase()), z.email("Enter an email address like name@example.com"))),
    maxUses: z._default(z.number({ error: "Uses must be a whole number" }).check(z.int("Uses must be a whole number"), z.gte(1, "Allow at least 1 use"), z.lte(1000, "At most 1,000 uses")), 1),
    days: z._default(z.number({ error: "Days must be a whole number" }).check(z.int("Days must be a whole number"), z.gte(1, "Valid for at least 1 day"), z.lte(365, "Valid for at most 365 days")), 14),
  }),
);
export type InviteInput = z.infer<typeof inviteInputSchema>;
export type InviteInputRaw = z.input<typeof inviteInputSchema>;

export const migrationInputSchema = z.lazy(() =>
  z.strictObject({
    interval: z.enum(BILLING_INTERVALS, { error: "Interval must be month or year" }),
    effectiveAt: z.date({ error: "Enter the date the new price takes effect" }),
    reason: z.string().check(z.trim(), z.minLength(1, "Give a reason (kept in the audit log)"), z.maxLength(500, "Reason must be at most 500 characters")),
  }),
);
export type MigrationInput = z.infer<typeof migrationInputSchema>;
