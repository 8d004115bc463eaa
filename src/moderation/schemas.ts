import * as z from "zod/mini";
import "../lib/zod-messages";
import { MAX_REASON } from "../members/guards";
// Object schemas are built on first use (z.lazy), not while a new isolate starts: README, "Cold start".

/** Validation for reports, moderator actions and the owner's rules, shared by the pages and the API. */

export const MAX_REPORT_REASON = 500;

/** A reason that must be given (`missing` says why when it is not), at most `max` characters. */
const requiredReason = (missing: string, max: number) =>
  z.string({ error: missing }).check(z.trim(), z.minLength(1, missing), z.maxLength(max, `Keep the reason under ${max} characters`));

export const reportInputSchema = z.lazy(() => z.strictObject({ reason: requiredReason("Say what is wrong with this post", MAX_REPORT_REASON) }));

/** Removing a post: the reason is shown to its author. */
export const removeInputSchema = z.lazy(() => z.strictObject({ reason: requiredReason("Give a reason; the author will see it", MAX_REASON) }));

/** Approving or keeping: a note for the audit log is optional. */
export const noteInputSchema = z.lazy(() =>
  z.strictObject({
    reason: z._default(z.optional(z.string().check(z.trim(), z.maxLength(MAX_REASON, `Keep the reason under ${MAX_REASON} characters`))), ""),
  }),
);

export const muteAuthorInputSchema = z.lazy(() =>
  z.strictObject({
    reason: removeInputSchema._zod.innerType.shape.reason,
    days: z._default(z.optional(z.nullable(z.number({ error: "Enter a number of days, or leave it empty for no end" }).check(z.int("Enter whole days"), z.gte(1, "At least 1 day"), z.lte(365, "At most 365 days")))), null),
  }),
);

const wholeNumber = (min: number, max: number, what: string) =>
  z.number({ error: `Enter ${what} as a whole number from ${min} to ${max}` }).check(z.int(`Enter ${what} as a whole number from ${min} to ${max}`), z.gte(min, `${what[0]!.toUpperCase()}${what.slice(1)} must be at least ${min}`), z.lte(max, `${what[0]!.toUpperCase()}${what.slice(1)} must be at most ${max}`));

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
