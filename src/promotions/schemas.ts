// From the OpenAPI build of zod, so the API can document these schemas whatever the import order.
import { z } from "@hono/zod-openapi";
import { PROMOTION_TARGETS } from "../../drizzle";
import { AppError } from "../lib/errors";
import { zodIssues } from "../lib/validation";
// Object schemas are built on first use (z.lazy), not while a new isolate starts: README, "Cold start".

/** A code as people type it: letters, digits, - and _, compared in upper case. */
export const codeText = z.lazy(() =>
  z
    .string()
    .trim()
    .min(3, "At least 3 characters")
    .max(32, "At most 32 characters")
    .regex(/^[A-Za-z0-9_-]+$/, "Letters, digits, - and _ only")
    .transform((s) => s.toUpperCase()),
);

export const promotionCodeCreateSchema = z.lazy(() =>
  z
    .strictObject({
      code: codeText,
      target: z.enum(PROMOTION_TARGETS),
      tierId: z.string().max(64).nullish(),
      percentOff: z.number().int().min(1, "At least 1%").max(100, "At most 100%").nullish(),
      amountOff: z.number().int().min(1, "At least 1 cent").max(10_000_000).nullish(),
      expiresAt: z.coerce.date().nullish(),
      maxRedemptions: z.number().int().min(1, "At least 1").max(1_000_000).nullish(),
      firstTimeOnly: z.boolean().default(false),
    })
    .superRefine((v, ctx) => {
      if ((v.percentOff == null) === (v.amountOff == null)) ctx.addIssue({ code: "custom", path: ["percentOff"], message: "Give either a percentage or an amount off" });
      if (v.target === "tier" && !v.tierId) ctx.addIssue({ code: "custom", path: ["tierId"], message: "Choose the tier the code is for" });
      if (v.target === "fee" && v.tierId) ctx.addIssue({ code: "custom", path: ["tierId"], message: "A code for the application fee has no tier" });
    }),
);
export type PromotionCodeCreate = z.infer<typeof promotionCodeCreateSchema>;

/** The optional code on the application form and the join form. */
export const enteredCode = z.lazy(() =>
  z
    .string()
    .trim()
    .max(32, "At most 32 characters")
    .regex(/^([A-Za-z0-9_-]{3,})?$/, "Letters, digits, - and _ only, at least 3")
    .transform((s) => s.toUpperCase()),
);

/** The typed code from a form field (null when empty), or a 400 naming `promotion_code`. */
export function readEnteredCode(raw: unknown): string | null {
  const parsed = enteredCode.safeParse(typeof raw === "string" ? raw : "");
  if (!parsed.success) throw AppError.validation(zodIssues(parsed.error).map((i) => ({ ...i, field: "promotion_code" })));
  return parsed.data || null;
}
