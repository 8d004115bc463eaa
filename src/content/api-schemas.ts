import * as z from "zod/mini";
import { DROP_STATUSES } from "../../drizzle";
import { named, unlazy } from "../api/openapi";
import { SlugParams, timestamp, pathId } from "../api/schemas";
import { commentInputSchema, dropInputSchema, dropUpdateSchema } from "./schemas";
import { lazyFields } from "../lib/lazy-fields";

/** Shapes of the drop, feed and comment endpoints. Request bodies reuse the content feature's schemas. */


export const DropParams = z.extend(SlugParams, lazyFields({ id: () => pathId("id", "drop_3k9v2m0c7x1n8b4r5t6y") }));
export const CommentParams = z.extend(DropParams, lazyFields({ commentId: () => pathId("commentId", "cmt_3k9v2m0c7x1n8b4r5t6y") }));

export const CommentListQuery = z.strictObject(lazyFields({
  cursor: () => z.optional(z.string().check(z.maxLength(100))).check(z.meta({ description: "`nextCursor` of the previous page" })),
}));

export const FeedQuery = z.strictObject(lazyFields({
  topic: () => z.optional(z.string().check(z.maxLength(32))).check(z.meta({ description: "Only drops with this topic", example: "career" })),
  before: () => z.optional(z.string().check(z.maxLength(100))).check(z.meta({ description: "`nextBefore` of the previous page" })),
  limit: () => z.optional(z.coerce.number().check(z.int(), z.gte(1), z.lte(50))).check(z.meta({ example: 20 })),
}));

export const DropListQuery = z.strictObject(lazyFields({
  status: () => z.optional(z.enum(DROP_STATUSES)),
}));

const TargetSchema = z.lazy(() =>
  z.object({
    tierId: z.string(),
    tierName: z.string(),
    rank: z.number().check(z.int()),
    offsetHours: z.number().check(z.int(), z.meta({ description: "Hours after `publishAt` that this tier (and every tier above it) gets the drop" })),
  }).check(z.meta({ id: "DropTarget" })),
);

const FileSchema = z.lazy(() =>
  z.object({
    id: z.string(),
    filename: z.string(),
    contentType: z.string(),
    size: z.number().check(z.int()),
    url: z.url().check(z.meta({ description: "Download (same sign-in); answers 404 to anyone the drop is not open for" })),
  }).check(z.meta({ id: "DropFile" })),
);

export const DropSchema = z.lazy(() =>
  z.object({
    id: z.string(),
    title: z.string(),
    body: z.string().check(z.meta({ description: "Markdown" })),
    topics: z.array(z.string()),
    status: z.enum(DROP_STATUSES),
    publishAt: z.nullable(timestamp),
    publishedAt: z.nullable(timestamp).check(z.meta({ description: "When the cron trigger published it" })),
    dripDays: z.nullable(z.number().check(z.int())),
    minLevel: z.nullable(z.number().check(z.int())).check(z.meta({ description: "Honours: members below this level never get the drop" })),
    targets: z.array(TargetSchema),
    unlockAt: z.nullable(timestamp).check(z.meta({ description: "When it opened (or opens) for the caller; null for staff" })),
    files: z.array(FileSchema),
  }).check(z.meta({ id: "Drop" })),
);

export const TeaserSchema = z.lazy(() =>
  z.object({
    id: z.string(),
    title: z.string(),
    topics: z.array(z.string()),
    unlockAt: unlazy(timestamp).check(z.meta({ description: "When it opens for the caller's tier" })),
  }).check(z.meta({ id: "DropTeaser" })),
);

export const FeedSchema = z.lazy(() =>
  z.object({
    items: z.array(DropSchema),
    teasers: z.array(TeaserSchema).check(z.meta({ description: "Out for other tiers, open for the caller later: title and date only" })),
    topics: z.array(z.string()),
    nextBefore: z.nullable(z.string()),
  }).check(z.meta({ id: "Feed" })),
);

export const DropCreateBody = named(dropInputSchema, "DropCreate", {
  example: {
    title: "Hiring playbook",
    body: "## Step one\n...",
    topics: ["career"],
    status: "scheduled",
    publishAt: "2026-05-01T09:00:00.000Z",
    dripDays: null,
    targets: [
      { tierId: "tier_core", offsetHours: 0 },
      { tierId: "tier_member", offsetHours: 72 },
    ],
  },
});
export const DropUpdateBody = named(dropUpdateSchema, "DropUpdate", { example: { title: "Hiring playbook, v2" } });

export const CommentSchema = z.lazy(() =>
  z.object({
    id: z.string(),
    author: z.string().check(z.meta({ description: "The author's display name in the community with their level (\"Maya Lindqvist · Level 3\"; never any part of their email)" })),
    authorLevel: z.number().check(z.int(), z.meta({ description: "The author's honours level in the community" })),
    authorAvatarUrl: z.nullable(z.string()).check(z.meta({ description: "The author's avatar, served only to people with access to the community" })),
    authorEmail: z.optional(z.string()).check(z.meta({ description: "Staff only: the author's email" })),
    body: z.string().check(z.meta({ description: "Markdown" })),
    createdAt: timestamp,
  }).check(z.meta({ id: "Comment" })),
);
export const CommentBody = named(commentInputSchema, "CommentCreate", { example: { body: "Thanks, this helped." } });
