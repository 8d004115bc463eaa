import * as z from "zod/mini";
import "../lib/zod-messages";
import { ACTIVITY_MODES, NOTIFY_MODES } from "../../drizzle";
import { lazyFields } from "../lib/lazy-fields";
// Object schemas are built on first use (z.lazy), not while a new isolate starts: README, "Cold start".

/** Validation for drops, comments, reactions and preferences, shared by the owner pages and the API. */

export const MAX_TITLE = 200;
export const MAX_BODY = 50_000;
export const MAX_COMMENT = 5_000;
export const MAX_TOPICS = 5;
/** Staggered release goes up to 90 days after publish time; drip up to a year after joining. */
export const MAX_OFFSET_HOURS = 90 * 24;
export const MAX_DRIP_DAYS = 365;

export const topicSchema = z.lazy(() =>
  z.string().check(z.trim(), z.toLowerCase(), z.regex(/^[a-z0-9][a-z0-9 -]{0,31}$/, "Topics are 1–32 letters, digits, spaces or dashes")),
);

const targetSchema = z.lazy(() =>
  z.strictObject({
    tierId: z.string().check(z.minLength(1), z.maxLength(64)),
    offsetHours: z.number({ error: "Give the delay as a whole number of hours" }).check(z.int("Give the delay as a whole number of hours"), z.gte(0, "A delay cannot be negative"), z.lte(MAX_OFFSET_HOURS, `Keep the delay within ${MAX_OFFSET_HOURS / 24} days`)),
  }),
);

const fields = lazyFields({
  title: () => z.string().check(z.trim(), z.minLength(1, "Give the drop a title"), z.maxLength(MAX_TITLE, `Keep the title under ${MAX_TITLE} characters`)),
  body: () => z.string().check(z.maxLength(MAX_BODY, `Keep the body under ${MAX_BODY} characters`)),
  topics: () => z.array(topicSchema).check(z.maxLength(MAX_TOPICS, `At most ${MAX_TOPICS} topics`)),
  status: () => z.enum(["draft", "scheduled"]),
  publishAt: () => z.nullable(z.iso.datetime({ offset: true, error: "Give the publish time as a date and time" })),
  dripDays: () => z.nullable(z.number().check(z.int("Drip is a whole number of days"), z.gte(0, "Drip cannot be negative"), z.lte(MAX_DRIP_DAYS, `Keep drip within ${MAX_DRIP_DAYS} days`))),
  minLevel: () => z.nullable(z.number().check(z.int("A level is a whole number"), z.gte(2, "Level 1 is everyone: choose 2 or more, or none"), z.lte(10, "Levels go up to 10"))),
  targets: () => z.array(targetSchema).check(z.maxLength(20), z.refine((ts) => new Set(ts.map((t) => t.tierId)).size === ts.length, "Each tier at most once")),
});

function scheduledNeedsTimeAndTiers(v: { status?: string; publishAt?: string | null; targets?: unknown[] }, ctx: z.core.$RefinementCtx) {
  if (v.status !== "scheduled") return;
  if (!v.publishAt) ctx.addIssue({ code: "custom", path: ["publishAt"], message: "A scheduled drop needs a publish time" });
  if (!v.targets?.length) ctx.addIssue({ code: "custom", path: ["targets"], message: "Choose at least one tier to receive it" });
}

/** A whole drop, as the editor form and `POST .../drops` send it. */
export const dropInputSchema = z.lazy(() =>
  z.strictObject({
      title: fields.title,
      body: z._default(fields.body, ""),
      topics: z._default(fields.topics, []),
      status: z._default(fields.status, "draft"),
      publishAt: z._default(fields.publishAt, null),
      dripDays: z._default(fields.dripDays, null),
      minLevel: z._default(fields.minLevel, null),
      targets: z._default(fields.targets, []),
    }).check(z.superRefine(scheduledNeedsTimeAndTiers)),
);
export type DropInput = z.infer<typeof dropInputSchema>;
export type DropInputRaw = z.input<typeof dropInputSchema>;

/** A partial change (`PATCH`): missing fields stay as they are; the result is checked as a whole. */
export const dropUpdateSchema = z.lazy(() =>
  z.strictObject({
    title: z.optional(fields.title),
    body: z.optional(fields.body),
    topics: z.optional(fields.topics),
    status: z.optional(fields.status),
    publishAt: z.optional(fields.publishAt),
    dripDays: z.optional(fields.dripDays),
    minLevel: z.optional(fields.minLevel),
    targets: z.optional(fields.targets),
  }),
);
export type DropUpdate = z.infer<typeof dropUpdateSchema>;

export const commentInputSchema = z.lazy(() =>
  z.strictObject({
    body: z.string().check(z.trim(), z.minLength(1, "Write something first"), z.maxLength(MAX_COMMENT, `Keep comments under ${MAX_COMMENT} characters`)),
  }),
);

/** The small fixed set of reactions: the key is stored, the emoji shown. */
export const REACTIONS = [
  { key: "thumbsup", emoji: "👍", label: "Thumbs up" },
  { key: "heart", emoji: "❤️", label: "Love" },
  { key: "tada", emoji: "🎉", label: "Celebrate" },
  { key: "bulb", emoji: "💡", label: "Insightful" },
  { key: "pray", emoji: "🙏", label: "Thanks" },
] as const;
export type ReactionKey = (typeof REACTIONS)[number]["key"];
export const REACTION_KEYS = REACTIONS.map((r) => r.key) as [ReactionKey, ...ReactionKey[]];

export const notifyModeSchema = z.lazy(() =>
  z.enum(NOTIFY_MODES),
);
export const activityModeSchema = z.lazy(() =>
  z.enum(ACTIVITY_MODES),
);

export const muteInputSchema = z.lazy(() =>
  z.strictObject({
    email: z.email("Enter an email address").check(z.trim(), z.toLowerCase()),
    reason: z.string().check(z.trim(), z.minLength(1, "Give a reason"), z.maxLength(1000)),
    days: z._default(z.nullable(z.number().check(z.int(), z.gte(1), z.lte(365))), null),
  }),
);
