// From the OpenAPI build of zod, so the API can document these schemas whatever the import order.
import { z } from "@hono/zod-openapi";
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
  z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9][a-z0-9 -]{0,31}$/, "Topics are 1–32 letters, digits, spaces or dashes"),
);

const targetSchema = z.lazy(() =>
  z.strictObject({
    tierId: z.string().min(1).max(64),
    offsetHours: z
      .number({ error: "Give the delay as a whole number of hours" })
      .int("Give the delay as a whole number of hours")
      .min(0, "A delay cannot be negative")
      .max(MAX_OFFSET_HOURS, `Keep the delay within ${MAX_OFFSET_HOURS / 24} days`),
  }),
);

const fields = lazyFields({
  title: () => z.string().trim().min(1, "Give the drop a title").max(MAX_TITLE, `Keep the title under ${MAX_TITLE} characters`),
  body: () => z.string().max(MAX_BODY, `Keep the body under ${MAX_BODY} characters`),
  topics: () => z.array(topicSchema).max(MAX_TOPICS, `At most ${MAX_TOPICS} topics`),
  status: () => z.enum(["draft", "scheduled"]),
  publishAt: () => z.iso.datetime({ offset: true, error: "Give the publish time as a date and time" }).nullable(),
  dripDays: () => z.number().int("Drip is a whole number of days").min(0, "Drip cannot be negative").max(MAX_DRIP_DAYS, `Keep drip within ${MAX_DRIP_DAYS} days`).nullable(),
  minLevel: () => z.number().int("A level is a whole number").min(2, "Level 1 is everyone: choose 2 or more, or none").max(10, "Levels go up to 10").nullable(),
  targets: () => z
    .array(targetSchema)
    .max(20)
    .refine((ts) => new Set(ts.map((t) => t.tierId)).size === ts.length, "Each tier at most once"),
});

function scheduledNeedsTimeAndTiers(v: { status?: string; publishAt?: string | null; targets?: unknown[] }, ctx: z.RefinementCtx) {
  if (v.status !== "scheduled") return;
  if (!v.publishAt) ctx.addIssue({ code: "custom", path: ["publishAt"], message: "A scheduled drop needs a publish time" });
  if (!v.targets?.length) ctx.addIssue({ code: "custom", path: ["targets"], message: "Choose at least one tier to receive it" });
}

/** A whole drop, as the editor form and `POST .../drops` send it. */
export const dropInputSchema = z.lazy(() =>
  z
    .strictObject({
      title: fields.title,
      body: fields.body.default(""),
      topics: fields.topics.default([]),
      status: fields.status.default("draft"),
      publishAt: fields.publishAt.default(null),
      dripDays: fields.dripDays.default(null),
      minLevel: fields.minLevel.default(null),
      targets: fields.targets.default([]),
    })
    .superRefine(scheduledNeedsTimeAndTiers),
);
export type DropInput = z.infer<typeof dropInputSchema>;
export type DropInputRaw = z.input<typeof dropInputSchema>;

/** A partial change (`PATCH`): missing fields stay as they are; the result is checked as a whole. */
export const dropUpdateSchema = z.lazy(() =>
  z.strictObject({
    title: fields.title.optional(),
    body: fields.body.optional(),
    topics: fields.topics.optional(),
    status: fields.status.optional(),
    publishAt: fields.publishAt.optional(),
    dripDays: fields.dripDays.optional(),
    minLevel: fields.minLevel.optional(),
    targets: fields.targets.optional(),
  }),
);
export type DropUpdate = z.infer<typeof dropUpdateSchema>;

export const commentInputSchema = z.lazy(() =>
  z.strictObject({
    body: z.string().trim().min(1, "Write something first").max(MAX_COMMENT, `Keep comments under ${MAX_COMMENT} characters`),
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
    email: z.email("Enter an email address").trim().toLowerCase(),
    reason: z.string().trim().min(1, "Give a reason").max(1000),
    days: z.number().int().min(1).max(365).nullable().default(null),
  }),
);
