// From the OpenAPI build of zod, so the API can document these schemas whatever the import order.
import { z } from "@hono/zod-openapi";
import { MAX_REASON } from "../members/guards";
// Object schemas are built on first use (z.lazy), not while a new isolate starts: README, "Cold start".

/** Validation for reports, moderator actions and the owner's rules, shared by the pages and the API. */

export const MAX_REPORT_REASON = 500;

/** A reason that must be given (`missing` says why when it is not), at most `max` characters. */
const requiredReason = (missing: string, max: number) =>
  z.string({ error: missing }).trim().min(1, missing).max(max, `Keep the reason under ${max} characters`);

export const reportInputSchema = z.lazy(() => z.strictObject({ reason: requiredReason("Say what is wrong with this post", MAX_REPORT_REASON) }));

/** Removing a post: the reason is shown to its author. */
export const removeInputSchema = z.lazy(() => z.strictObject({ reason: requiredReason("Give a reason; the author will see it", MAX_REASON) }));

/** Approving or keeping: a note for the audit log is optional. */
export const noteInputSchema = z.lazy(() =>
  z.strictObject({
    reason: z.string().trim().max(MAX_REASON, `Keep the reason under ${MAX_REASON} characters`).optional().default(""),
  }),
);

export const muteAuthorInputSchema = z.lazy(() =>
  z.strictObject({
    reason: removeInputSchema._zod.innerType.shape.reason,
    days: z.number({ error: "Enter a number of days, or leave it empty for no end" }).int("Enter whole days").min(1, "At least 1 day").max(365, "At most 365 days").nullable().optional().default(null),
  }),
);

const wholeNumber = (min: number, max: number, what: string) =>
  z
    .number({ error: `Enter ${what} as a whole number from ${min} to ${max}` })
    .int(`Enter ${what} as a whole number from ${min} to ${max}`)
    .min(min, `${what[0]!.toUpperCase()}${what.slice(1)} must be at least ${min}`)
    .max(max, `${what[0]!.toUpperCase()}${what.slice(1)} must be at most ${max}`);

/** The owner's rules for the room (space_settings); createPost enforces them. */
export const rulesInputSchema = z.lazy(() =>
  z.strictObject({
    holdFirstPosts: wholeNumber(0, 20, "the number of first posts to hold"),
    holdLinksDays: wholeNumber(0, 90, "the account age in days"),
    postsPerHour: wholeNumber(1, 200, "the posts per hour"),
    editMinutes: wholeNumber(0, 1440, "the edit window in minutes"),
  }),
);
export type RulesInput = z.infer<typeof rulesInputSchema>;
