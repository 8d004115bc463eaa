import * as z from "zod/mini";
import "../lib/zod-messages";
import { GROUP_UNFILLED_RULES } from "../../drizzle";
// Object schemas are built on first use (z.lazy), not while a new isolate starts: README, "Cold start".

export const MIN_GROUP = 2;
export const MAX_GROUP = 5;
/** Card holds last seven days at Stripe: a group must close well before its holds could lapse. */
export const MAX_GROUP_HOURS = 120;

/** The owner's group offer. Whether the group fee is below the full fee is checked against the community. */
export const groupOfferSchema = z.lazy(() =>
  z.strictObject({
    enabled: z.boolean(),
    size: z.number({ error: "Group size must be a whole number" }).check(z.int("Group size must be a whole number"), z.gte(MIN_GROUP, `A group has ${MIN_GROUP} to ${MAX_GROUP} people`), z.lte(MAX_GROUP, `A group has ${MIN_GROUP} to ${MAX_GROUP} people`)),
    groupFee: z.number({ error: "The group fee must be an amount in the currency's smallest unit" }).check(z.int("The group fee must be an amount in the currency's smallest unit"), z.gte(0, "The group fee cannot be negative"), z.lte(100_000_000, "The group fee is too large")),
    hours: z.number({ error: "The time limit must be a whole number of hours" }).check(z.int("The time limit must be a whole number of hours"), z.gte(1, `The time limit is 1 to ${MAX_GROUP_HOURS} hours`), z.lte(MAX_GROUP_HOURS, `The time limit is 1 to ${MAX_GROUP_HOURS} hours (card holds lapse after seven days)`)),
    onUnfilled: z.enum(GROUP_UNFILLED_RULES, { error: "Choose capture_full or release" }),
  }),
);
export type GroupOfferInput = z.infer<typeof groupOfferSchema>;

/** Group ids come from links; anything not shaped like one is unknown, not a database question. */
export const groupIdSchema = z.lazy(() =>
  z.string().check(z.regex(/^grp_[0-9a-z]{20}$/)),
);
