// From the OpenAPI build of zod, so the API can document these schemas whatever the import order.
import { z } from "@hono/zod-openapi";
// Object schemas are built on first use (z.lazy), not while a new isolate starts: README, "Cold start".

/** What an applicant submits, from the landing page form or the JSON API. Amounts are never accepted. */
export const applicationSubmitSchema = z.lazy(() =>
  z.strictObject({
    name: z.string().trim().min(1, "Your name is required").max(100, "Name must be at most 100 characters"),
    email: z.string().trim().toLowerCase().max(254, "Email is too long").pipe(z.email("Enter an email address like name@example.com")),
    acceptRules: z.literal(true, { error: "You must accept the community rules" }),
    answers: z.record(z.string(), z.unknown()).default({}),
  }),
);
export type ApplicationSubmit = z.infer<typeof applicationSubmitSchema>;
