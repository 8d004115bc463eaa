import * as z from "zod/mini";
import { unlazy } from "../api/openapi";
import { POST_STATUSES } from "../../drizzle";
import { SlugParams, timestamp, pathId } from "../api/schemas";
import { lazyFields } from "../lib/lazy-fields";

/** Shapes of the report and moderation endpoints. Request bodies reuse ./schemas.ts. */

export const PostParams = z.extend(SlugParams, lazyFields({
  id: () => pathId("id", "post_3k9v2m0c7x1n8b4r5t6y"),
}));

export const QueueQuery = z.strictObject(lazyFields({
  reportedCursor: () => z.optional(z.string().check(z.maxLength(100))).check(z.meta({ description: "`reported.nextCursor` of the previous page" })),
  heldCursor: () => z.optional(z.string().check(z.maxLength(100))).check(z.meta({ description: "`held.nextCursor` of the previous page" })),
  limit: () => z.optional(z.coerce.number().check(z.int(), z.gte(1), z.lte(50))).check(z.meta({ example: 20 })),
}));

export const ReportSchema = z.lazy(() =>
  z.object({ id: z.string(), postId: z.string(), reason: z.string(), createdAt: timestamp }).check(z.meta({ id: "Report", description: "A report as its reporter filed it; only staff see reports of others" })),
);

const QueueItemSchema = z.lazy(() =>
  z.object({
    postId: z.string(),
    threadId: z.string().check(z.meta({ description: "The thread the post is, or belongs to" })),
    kind: z.enum(["thread", "reply"]),
    space: z.object({ name: z.string(), slug: z.string() }),
    title: z.nullable(z.string()),
    body: z.string().check(z.meta({ description: "Markdown, as the author wrote it" })),
    status: z.enum(POST_STATUSES),
    heldReason: z.nullable(z.string()).check(z.meta({ description: "`first_posts` or `links` while held" })),
    deleted: z.boolean().check(z.meta({ description: "The author deleted it" })),
    author: z.object({ name: z.string().check(z.meta({ description: "Never any part of the email" })), email: z.string().check(z.meta({ description: "Staff only" })) }),
    createdAt: timestamp,
    reports: z.nullable(z.object({ count: z.number().check(z.int()), firstAt: timestamp, reasons: z.array(z.object({ reason: z.string(), at: timestamp })).check(z.meta({ description: "Up to ten, newest first" })) })).check(z.meta({ description: "Open reports; null for a held post nobody reported" })),
  }).check(z.meta({ id: "ModerationItem" })),
);

const QueuePageSchema = z.lazy(() =>
  z.object({ items: z.array(QueueItemSchema), nextCursor: z.nullable(z.string()) }),
);

export const QueueSchema = z.lazy(() =>
  z.object({ reported: unlazy(QueuePageSchema).check(z.meta({ description: "Posts with open reports, oldest report first" })), held: unlazy(QueuePageSchema).check(z.meta({ description: "Held posts, oldest first" })) }).check(z.meta({ id: "ModerationQueue" })),
);

export const ModerationResultSchema = z.lazy(() =>
  z.object({ changed: z.boolean().check(z.meta({ description: "False when it was already done (a repeat, or another moderator was first)" })) }).check(z.meta({ id: "ModerationResult" })),
);

export const RulesSchema = z.lazy(() =>
  z.object({
    holdFirstPosts: z.number().check(z.int(), z.meta({ description: "A new member's first N posts and replies wait for a moderator (0: none)" })),
    holdLinksDays: z.number().check(z.int(), z.meta({ description: "Posts with links from members who joined fewer than D days ago wait (0: none)" })),
    postsPerHour: z.number().check(z.int(), z.meta({ description: "Posts and replies per member and hour; staff are not limited" })),
    editMinutes: z.number().check(z.int(), z.meta({ description: "How long authors may edit a post" })),
    updatedAt: z.nullable(timestamp).check(z.meta({ description: "Null while the defaults apply" })),
  }).check(z.meta({ id: "ModerationRules" })),
);
