import * as z from "zod/mini";
import "../lib/zod-messages";
import { PROMOTION_TARGETS } from "../../drizzle";
import { AppError } from "../lib/errors";
import { zodIssues } from "../lib/validation";
// Object schemas are built on first use (z.lazy), not while a new isolate starts: README, "Cold start".

/** A code as people type it: letters, digits, - and _, compared in upper case. */
export const codeText = z.lazy(() =>
  z.pipe(z.string().check(z.trim(), z.minLength(3, "At least 3 characters"), z.maxLength(32, "At most 32 characters"), z.regex(/^[A-Za-z0-9_-]+$/, "Letters, digits, - and _ only")), z.transform((s) => s.toUpperCase())),
);

export const promotionCodeCreateSchema = z.lazy(() =>
  z.strictObject({
      code: codeText,
      target: z.enum(PROMOTION_TARGETS),
      tierId: z.nullish(z.string().check(z.maxLength(64))),
      percentOff: z.nullish(z.number().check(z.int(), z.gte(1, "At least 1%"), z.lte(100, "At most 100%"))),
      amountOff: z.nullish(z.number().check(z.int(), z.gte(1, "At least 1 cent"), z.lte(10_000_000))),
      expiresAt: z.nullish(z.coerce.date()),
      maxRedemptions: z.nullish(z.number().check(z.int(), z.gte(1, "At least 1"), z.lte(1_000_000))),
      firstTimeOnly: z._default(z.boolean(), false),
    }).check(z.superRefine((v, ctx) => {
      if ((v.percentOff == null) === (v.amountOff == null)) ctx.addIssue({ code: "custom", path: ["percentOff"], message: "Give either a percentage or an amount off" });
      if (v.target === "tier" && !v.tierId) ctx.addIssue({ code: "custom", path: ["tierId"], message: "Choose the tier the code is for" });
      if (v.target === "fee" && v.tierId) ctx.addIssue({ code: "custom", path: ["tierId"], message: "A code for the application fee has no tier" });
    })),
);
export type PromotionCodeCreate = z.infer<typeof promotionCodeCreateSchema>;

/** The optional code on the application form and the join form. */
export const enteredCode = z.lazy(() =>
  z.pipe(z.string().check(z.trim(), z.maxLength(32, "At most 32 characters"), z.regex(/^([A-Za-z0-9_-]{3,})?$/, "Letters, digits, - and _ only, at least 3")), z.transform((s) => s.toUpperCase())),
);

/** The typed code from a form field (null when empty), or a 400 naming `promotion_code`. */
export function readEnteredCode(raw: unknown): string | null {
  const parsed = enteredCode.safeParse(typeof raw === "string" ? raw : "");
  if (!parsed.success) throw AppError.validation(zodIssues(parsed.error).map((i) => ({ ...i, field: "promotion_code" })));
  return parsed.data || null;
}
