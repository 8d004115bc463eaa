import { z } from "@hono/zod-openapi";
import { DROP_STATUSES } from "../../drizzle";
import { named } from "../api/openapi";
import { SlugParams, timestamp } from "../api/schemas";
import { commentInputSchema, dropInputSchema, dropUpdateSchema } from "./schemas";
import { lazyFields } from "../lib/lazy-fields";

/** Shapes of the drop, feed and comment endpoints. Request bodies reuse the content feature's schemas. */

const pathId = (name: string, example: string) => z.string().min(1).max(64).openapi({ param: { name, in: "path" }, example });

export const DropParams = SlugParams.extend(lazyFields({ id: () => pathId("id", "drop_3k9v2m0c7x1n8b4r5t6y") }));
export const CommentParams = DropParams.extend(lazyFields({ commentId: () => pathId("commentId", "cmt_3k9v2m0c7x1n8b4r5t6y") }));

export const CommentListQuery = z.strictObject(lazyFields({
  cursor: () => z.string().max(100).optional().openapi({ description: "`nextCursor` of the previous page" }),
}));

export const FeedQuery = z.strictObject(lazyFields({
  topic: () => z.string().max(32).optional().openapi({ description: "Only drops with this topic", example: "career" }),
  before: () => z.string().max(100).optional().openapi({ description: "`nextBefore` of the previous page" }),
  limit: () => z.coerce.number().int().min(1).max(50).optional().openapi({ example: 20 }),
}));

export const DropListQuery = z.strictObject(lazyFields({
  status: () => z.enum(DROP_STATUSES).optional(),
}));

const TargetSchema = z.lazy(() =>
  z
    .object({
      tierId: z.string(),
      tierName: z.string(),
      rank: z.number().int(),
      offsetHours: z.number().int().openapi({ description: "Hours after `publishAt` that this tier (and every tier above it) gets the drop" }),
    })
    .openapi("DropTarget"),
);

const FileSchema = z.lazy(() =>
  z
    .object({
      id: z.string(),
      filename: z.string(),
      contentType: z.string(),
      size: z.number().int(),
      url: z.url().openapi({ description: "Download (same sign-in); answers 404 to anyone the drop is not open for" }),
    })
    .openapi("DropFile"),
);

export const DropSchema = z.lazy(() =>
  z
    .object({
      id: z.string(),
      title: z.string(),
      body: z.string().openapi({ description: "Markdown" }),
      topics: z.array(z.string()),
      status: z.enum(DROP_STATUSES),
      publishAt: timestamp.nullable(),
      publishedAt: timestamp.nullable().openapi({ description: "When the cron trigger published it" }),
      dripDays: z.number().int().nullable(),
      minLevel: z.number().int().nullable().openapi({ description: "Honours: members below this level never get the drop" }),
      targets: z.array(TargetSchema),
      unlockAt: timestamp.nullable().openapi({ description: "When it opened (or opens) for the caller; null for staff" }),
      files: z.array(FileSchema),
    })
    .openapi("Drop"),
);

export const TeaserSchema = z.lazy(() =>
  z
    .object({
      id: z.string(),
      title: z.string(),
      topics: z.array(z.string()),
      unlockAt: timestamp.unwrap().openapi({ description: "When it opens for the caller's tier" }),
    })
    .openapi("DropTeaser"),
);

export const FeedSchema = z.lazy(() =>
  z
    .object({
      items: z.array(DropSchema),
      teasers: z.array(TeaserSchema).openapi({ description: "Out for other tiers, open for the caller later: title and date only" }),
      topics: z.array(z.string()),
      nextBefore: z.string().nullable(),
    })
    .openapi("Feed"),
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
  z
    .object({
      id: z.string(),
      author: z.string().openapi({ description: "The author's display name in the community with their level (\"Maya Lindqvist · Level 3\"; never any part of their email)" }),
      authorLevel: z.number().int().openapi({ description: "The author's honours level in the community" }),
      authorAvatarUrl: z.string().nullable().openapi({ description: "The author's avatar, served only to people with access to the community" }),
      authorEmail: z.string().optional().openapi({ description: "Staff only: the author's email" }),
      body: z.string().openapi({ description: "Markdown" }),
      createdAt: timestamp,
    })
    .openapi("Comment"),
);
export const CommentBody = named(commentInputSchema, "CommentCreate", { example: { body: "Thanks, this helped." } });
