import * as z from "zod/mini";
import { POLL_KINDS, POLL_RESULTS, POST_STATUSES, SPACE_RULE_KINDS } from "../../drizzle";
import { SlugParams, timestamp, pathId } from "../api/schemas";
import { THREAD_SORTS, THREADS_PER_PAGE } from "./threads";
import { lazyFields } from "../lib/lazy-fields";

/** Shapes of the space endpoints. Request bodies reuse the feature's own schemas (schemas.ts, space-schemas.ts, thread-schemas.ts). */


export const SpaceParams = z.extend(SlugParams, lazyFields({ space: () => pathId("space", "ask") }));
export const ThreadParams = z.extend(SpaceParams, lazyFields({ postId: () => pathId("postId", "post_3k9v2m0c7x1n8b4r5t6y") }));
export const ReactionParams = z.extend(ThreadParams, lazyFields({ emoji: () => pathId("emoji", "thumbsup") }));

export const ThreadListQuery = z.strictObject(lazyFields({
  sort: () => z._default(z.enum(THREAD_SORTS), "new").check(z.meta({ description: "`new`: newest first; `active`: most recent reply first" })),
  cursor: () => z.optional(z.string().check(z.maxLength(80))).check(z.meta({ description: "`next` of the previous page" })),
  limit: () => z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(50)), THREADS_PER_PAGE),
}));

export const FlagBody = z.lazy(() =>
  z.strictObject({ on: z.boolean({ error: "Send true or false" }) }).check(z.meta({ id: "ThreadFlag" })),
);

export const SpaceSchema = z.lazy(() =>
  z.object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    description: z.string(),
    emoji: z.string(),
    position: z.number().check(z.int()),
    readKind: z.enum(SPACE_RULE_KINDS),
    readMinRank: z.nullable(z.number().check(z.int())),
    readTierId: z.nullable(z.string()),
    readMinLevel: z.nullable(z.number().check(z.int())).check(z.meta({ description: "Honours: members below this level do not read the space (staff always do)" })),
    postKind: z.enum(SPACE_RULE_KINDS),
    postMinRank: z.nullable(z.number().check(z.int())),
    postTierId: z.nullable(z.string()),
    threadCount: z.number().check(z.int()),
    lastPostAt: z.nullable(timestamp),
    archivedAt: z.nullable(timestamp),
    canPost: z.boolean().check(z.meta({ description: "Whether the caller may post here now (tier, mute, archive)" })),
    url: z.url(),
  }).check(z.meta({ id: "Space" })),
);

const ReactionsSchema = z.lazy(() =>
  z.object({ counts: z.record(z.string(), z.number().check(z.int())), mine: z.array(z.string()) }).check(z.meta({ id: "Reactions" })),
);

export const PostSchema = z.lazy(() =>
  z.object({
    id: z.string(),
    spaceId: z.string(),
    threadId: z.nullable(z.string()).check(z.meta({ description: "The thread a reply answers; null for a thread" })),
    title: z.nullable(z.string()),
    body: z.nullable(z.string()).check(z.meta({ description: "null when the caller only sees that their post was removed" })),
    author: z.object({ name: z.string(), me: z.boolean() }),
    status: z.enum(POST_STATUSES).check(z.meta({ description: "`held` and `removed` show only to their author and staff" })),
    removedReason: z.nullable(z.string()),
    pinnedAt: z.nullable(timestamp),
    lockedAt: z.nullable(timestamp),
    editedAt: z.nullable(timestamp),
    replyCount: z.number().check(z.int()),
    reactionCount: z.number().check(z.int()),
    createdAt: timestamp,
    lastActivityAt: timestamp,
    url: z.url(),
    reactions: z.optional(ReactionsSchema),
  }).check(z.meta({ id: "Post" })),
);

export const ThreadPageSchema = z.lazy(() =>
  z.object({ pinned: z.array(PostSchema), threads: z.array(PostSchema), next: z.nullable(z.string()) }).check(z.meta({ id: "ThreadPage" })),
);

export const PollSchema = z.lazy(() =>
  z.object({
    question: z.string(),
    kind: z.enum(POLL_KINDS),
    results: z.enum(POLL_RESULTS),
    closesAt: z.nullable(timestamp),
    closed: z.boolean(),
    voterCount: z.number().check(z.int()),
    options: z.array(z.object({ id: z.string(), label: z.string(), votes: z.nullable(z.number().check(z.int())).check(z.meta({ description: "null until the caller may see results" })) })),
    mine: z.array(z.string()),
  }).check(z.meta({ id: "Poll" })),
);

export const ThreadSchema = z.lazy(() =>
  z.object({
    thread: PostSchema,
    replies: z.array(PostSchema),
    files: z.array(z.object({ id: z.string(), filename: z.string(), contentType: z.string(), size: z.number().check(z.int()), url: z.url() })),
    poll: z.nullable(PollSchema),
    following: z.boolean(),
  }).check(z.meta({ id: "Thread" })),
);
