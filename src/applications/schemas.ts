import * as z from "zod/mini";
import "../lib/zod-messages";
// Object schemas are built on first use (z.lazy), not while a new isolate starts: README, "Cold start".

/** What an applicant submits, from the landing page form or the JSON API. Amounts are never accepted. */
export const applicationSubmitSchema = z.lazy(() =>
  z.strictObject({
    name: z.string().check(z.trim(), z.minLength(1, "Your name is required"), z.maxLength(100, "Name must be at most 100 characters")),
    email: z.pipe(z.string().check(z.trim(), z.toLowerCase(), z.maxLength(254, "Email is too long")), z.email("Enter an email address like name@example.com")),
    acceptRules: z.literal(true, { error: "You must accept the community rules" }),
    answers: z._default(z.record(z.string(), z.unknown()), {}),
  }),
);
export type ApplicationSubmit = z.infer<typeof applicationSubmitSchema>;
