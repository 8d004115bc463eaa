import * as z from "zod/mini";
import "../lib/zod-messages";
// Object schemas are built on first use (z.lazy), not while a new isolate starts: README, "Cold start".

export const experimentCreateSchema = z.lazy(() =>
  z.strictObject({
      name: z.string().check(z.trim(), z.minLength(2, "Name must be at least 2 characters"), z.maxLength(80, "Name must be at most 80 characters")),
      target: z.enum(["application_fee", "tier_price"], { error: "Target must be application_fee or tier_price" }),
      tierId: z.optional(z.string().check(z.maxLength(64, "Choose one of the tiers"))),
      interval: z.optional(z.enum(["month", "year"], { error: "Interval must be month or year" })),
      mode: z._default(z.enum(["fixed", "bandit"], { error: "Mode must be fixed or bandit" }), "fixed"),
      variants: z.array(
          z.strictObject({
            price: z.number({ error: "Price must be a whole number of cents" }).check(z.int("Price must be a whole number of cents"), z.gte(0, "Price cannot be negative"), z.lte(10_000_000, "Price is too large")),
            weight: z._default(z.number({ error: "Weight must be a number" }).check(z.positive("Weight must be above 0"), z.lte(100, "Weight is too large")), 1),
          }),
        ).check(z.minLength(2, "Test 2 to 4 price points"), z.maxLength(4, "Test 2 to 4 price points")),
      conversionWindowDays: z._default(z.number().check(z.int(), z.gte(1, "At least 1 day"), z.lte(90, "At most 90 days")), 14),
      maxDurationDays: z._default(z.number().check(z.int(), z.gte(7, "At least 7 days"), z.lte(180, "At most 180 days")), 42),
      refundToLowest: z._default(z.boolean(), false),
      autoPromote: z._default(z.boolean(), false),
    }).check(z.superRefine((e, ctx) => {
      if (e.target === "tier_price" && !e.tierId) ctx.addIssue({ code: "custom", path: ["tierId"], message: "Choose the tier whose price to test" });
      if (e.target === "tier_price" && !e.interval) ctx.addIssue({ code: "custom", path: ["interval"], message: "Choose monthly or yearly" });
      if (e.target === "tier_price" && e.variants.some((v) => v.price < 50)) ctx.addIssue({ code: "custom", path: ["variants"], message: "Tier prices must be at least 0.50" });
      if (new Set(e.variants.map((v) => v.price)).size !== e.variants.length) ctx.addIssue({ code: "custom", path: ["variants"], message: "Each price point must differ" });
    })),
);
export type ExperimentCreate = z.infer<typeof experimentCreateSchema>;
