import { z } from "@hono/zod-openapi";
import { POLL_KINDS, POLL_RESULTS, POST_STATUSES, SPACE_RULE_KINDS } from "../../drizzle";
import { SlugParams, timestamp } from "../api/schemas";
import { THREAD_SORTS, THREADS_PER_PAGE } from "./threads";
import { lazyFields } from "../lib/lazy-fields";

/** Shapes of the space endpoints. Request bodies reuse the feature's own schemas (schemas.ts, space-schemas.ts, thread-schemas.ts). */

const pathId = (name: string, example: string) => z.string().min(1).max(64).openapi({ param: { name, in: "path" }, example });

export const SpaceParams = SlugParams.extend(lazyFields({ space: () => pathId("space", "ask") }));
export const ThreadParams = SpaceParams.extend(lazyFields({ postId: () => pathId("postId", "post_3k9v2m0c7x1n8b4r5t6y") }));
export const ReactionParams = ThreadParams.extend(lazyFields({ emoji: () => pathId("emoji", "thumbsup") }));

export const ThreadListQuery = z.strictObject(lazyFields({
  sort: () => z.enum(THREAD_SORTS).default("new").openapi({ description: "`new`: newest first; `active`: most recent reply first" }),
  cursor: () => z.string().max(80).optional().openapi({ description: "`next` of the previous page" }),
  limit: () => z.coerce.number().int().min(1).max(50).default(THREADS_PER_PAGE),
}));

export const FlagBody = z.lazy(() =>
  z.strictObject({ on: z.boolean({ error: "Send true or false" }) }).openapi("ThreadFlag"),
);

export const SpaceSchema = z.lazy(() =>
  z
    .object({
      id: z.string(),
      slug: z.string(),
      name: z.string(),
      description: z.string(),
      emoji: z.string(),
      position: z.number().int(),
      readKind: z.enum(SPACE_RULE_KINDS),
      readMinRank: z.number().int().nullable(),
      readTierId: z.string().nullable(),
      readMinLevel: z.number().int().nullable().openapi({ description: "Honours: members below this level do not read the space (staff always do)" }),
      postKind: z.enum(SPACE_RULE_KINDS),
      postMinRank: z.number().int().nullable(),
      postTierId: z.string().nullable(),
      threadCount: z.number().int(),
      lastPostAt: timestamp.nullable(),
      archivedAt: timestamp.nullable(),
      canPost: z.boolean().openapi({ description: "Whether the caller may post here now (tier, mute, archive)" }),
      url: z.url(),
    })
    .openapi("Space"),
);

const ReactionsSchema = z.lazy(() =>
  z.object({ counts: z.record(z.string(), z.number().int()), mine: z.array(z.string()) }).openapi("Reactions"),
);

export const PostSchema = z.lazy(() =>
  z
    .object({
      id: z.string(),
      spaceId: z.string(),
      threadId: z.string().nullable().openapi({ description: "The thread a reply answers; null for a thread" }),
      title: z.string().nullable(),
      body: z.string().nullable().openapi({ description: "null when the caller only sees that their post was removed" }),
      author: z.object({ name: z.string(), me: z.boolean() }),
      status: z.enum(POST_STATUSES).openapi({ description: "`held` and `removed` show only to their author and staff" }),
      removedReason: z.string().nullable(),
      pinnedAt: timestamp.nullable(),
      lockedAt: timestamp.nullable(),
      editedAt: timestamp.nullable(),
      replyCount: z.number().int(),
      reactionCount: z.number().int(),
      createdAt: timestamp,
      lastActivityAt: timestamp,
      url: z.url(),
      reactions: ReactionsSchema.optional(),
    })
    .openapi("Post"),
);

export const ThreadPageSchema = z.lazy(() =>
  z.object({ pinned: z.array(PostSchema), threads: z.array(PostSchema), next: z.string().nullable() }).openapi("ThreadPage"),
);

export const PollSchema = z.lazy(() =>
  z
    .object({
      question: z.string(),
      kind: z.enum(POLL_KINDS),
      results: z.enum(POLL_RESULTS),
      closesAt: timestamp.nullable(),
      closed: z.boolean(),
      voterCount: z.number().int(),
      options: z.array(z.object({ id: z.string(), label: z.string(), votes: z.number().int().nullable().openapi({ description: "null until the caller may see results" }) })),
      mine: z.array(z.string()),
    })
    .openapi("Poll"),
);

export const ThreadSchema = z.lazy(() =>
  z
    .object({
      thread: PostSchema,
      replies: z.array(PostSchema),
      files: z.array(z.object({ id: z.string(), filename: z.string(), contentType: z.string(), size: z.number().int(), url: z.url() })),
      poll: PollSchema.nullable(),
      following: z.boolean(),
    })
    .openapi("Thread"),
);
