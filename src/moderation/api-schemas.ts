import { z } from "@hono/zod-openapi";
import { POST_STATUSES } from "../../drizzle";
import { SlugParams, timestamp } from "../api/schemas";
import { lazyFields } from "../lib/lazy-fields";

/** Shapes of the report and moderation endpoints. Request bodies reuse ./schemas.ts. */

export const PostParams = SlugParams.extend(lazyFields({
  id: () => z.string().min(1).max(64).openapi({ param: { name: "id", in: "path" }, example: "post_3k9v2m0c7x1n8b4r5t6y" }),
}));

export const QueueQuery = z.strictObject(lazyFields({
  reportedCursor: () => z.string().max(100).optional().openapi({ description: "`reported.nextCursor` of the previous page" }),
  heldCursor: () => z.string().max(100).optional().openapi({ description: "`held.nextCursor` of the previous page" }),
  limit: () => z.coerce.number().int().min(1).max(50).optional().openapi({ example: 20 }),
}));

export const ReportSchema = z.lazy(() =>
  z
    .object({ id: z.string(), postId: z.string(), reason: z.string(), createdAt: timestamp })
    .openapi("Report", { description: "A report as its reporter filed it; only staff see reports of others" }),
);

const QueueItemSchema = z.lazy(() =>
  z
    .object({
      postId: z.string(),
      threadId: z.string().openapi({ description: "The thread the post is, or belongs to" }),
      kind: z.enum(["thread", "reply"]),
      space: z.object({ name: z.string(), slug: z.string() }),
      title: z.string().nullable(),
      body: z.string().openapi({ description: "Markdown, as the author wrote it" }),
      status: z.enum(POST_STATUSES),
      heldReason: z.string().nullable().openapi({ description: "`first_posts` or `links` while held" }),
      deleted: z.boolean().openapi({ description: "The author deleted it" }),
      author: z.object({ name: z.string().openapi({ description: "Never any part of the email" }), email: z.string().openapi({ description: "Staff only" }) }),
      createdAt: timestamp,
      reports: z
        .object({ count: z.number().int(), firstAt: timestamp, reasons: z.array(z.object({ reason: z.string(), at: timestamp })).openapi({ description: "Up to ten, newest first" }) })
        .nullable()
        .openapi({ description: "Open reports; null for a held post nobody reported" }),
    })
    .openapi("ModerationItem"),
);

const QueuePageSchema = z.lazy(() =>
  z.object({ items: z.array(QueueItemSchema), nextCursor: z.string().nullable() }),
);

export const QueueSchema = z.lazy(() =>
  z
    .object({ reported: QueuePageSchema.unwrap().openapi({ description: "Posts with open reports, oldest report first" }), held: QueuePageSchema.unwrap().openapi({ description: "Held posts, oldest first" }) })
    .openapi("ModerationQueue"),
);

export const ModerationResultSchema = z.lazy(() =>
  z
    .object({ changed: z.boolean().openapi({ description: "False when it was already done (a repeat, or another moderator was first)" }) })
    .openapi("ModerationResult"),
);

export const RulesSchema = z.lazy(() =>
  z
    .object({
      holdFirstPosts: z.number().int().openapi({ description: "A new member's first N posts and replies wait for a moderator (0: none)" }),
      holdLinksDays: z.number().int().openapi({ description: "Posts with links from members who joined fewer than D days ago wait (0: none)" }),
      postsPerHour: z.number().int().openapi({ description: "Posts and replies per member and hour; staff are not limited" }),
      editMinutes: z.number().int().openapi({ description: "How long authors may edit a post" }),
      updatedAt: timestamp.nullable().openapi({ description: "Null while the defaults apply" }),
    })
    .openapi("ModerationRules"),
);
