// From the OpenAPI build of zod, so the API can document these schemas whatever the import order.
import { z } from "@hono/zod-openapi";
// Object schemas are built on first use (z.lazy), not while a new isolate starts: README, "Cold start".

export const experimentCreateSchema = z.lazy(() =>
  z
    .strictObject({
      name: z.string().trim().min(2, "Name must be at least 2 characters").max(80, "Name must be at most 80 characters"),
      target: z.enum(["application_fee", "tier_price"], { error: "Target must be application_fee or tier_price" }),
      tierId: z.string().max(64, "Choose one of the tiers").optional(),
      interval: z.enum(["month", "year"], { error: "Interval must be month or year" }).optional(),
      mode: z.enum(["fixed", "bandit"], { error: "Mode must be fixed or bandit" }).default("fixed"),
      variants: z
        .array(
          z.strictObject({
            price: z.number({ error: "Price must be a whole number of cents" }).int("Price must be a whole number of cents").min(0, "Price cannot be negative").max(10_000_000, "Price is too large"),
            weight: z.number({ error: "Weight must be a number" }).positive("Weight must be above 0").max(100, "Weight is too large").default(1),
          }),
        )
        .min(2, "Test 2 to 4 price points")
        .max(4, "Test 2 to 4 price points"),
      conversionWindowDays: z.number().int().min(1, "At least 1 day").max(90, "At most 90 days").default(14),
      maxDurationDays: z.number().int().min(7, "At least 7 days").max(180, "At most 180 days").default(42),
      refundToLowest: z.boolean().default(false),
      autoPromote: z.boolean().default(false),
    })
    .superRefine((e, ctx) => {
      if (e.target === "tier_price" && !e.tierId) ctx.addIssue({ code: "custom", path: ["tierId"], message: "Choose the tier whose price to test" });
      if (e.target === "tier_price" && !e.interval) ctx.addIssue({ code: "custom", path: ["interval"], message: "Choose monthly or yearly" });
      if (e.target === "tier_price" && e.variants.some((v) => v.price < 50)) ctx.addIssue({ code: "custom", path: ["variants"], message: "Tier prices must be at least 0.50" });
      if (new Set(e.variants.map((v) => v.price)).size !== e.variants.length) ctx.addIssue({ code: "custom", path: ["variants"], message: "Each price point must differ" });
    }),
);
export type ExperimentCreate = z.infer<typeof experimentCreateSchema>;
