import * as z from "zod/mini";
import { createRoute, createApiRouter, errorResponses, jsonBody, jsonContent, staffSecurity } from "../api/openapi";
import { eq } from "drizzle-orm";
import { drops, type Comment, type Community, type Drop, type DropFile } from "../../drizzle";
import { communityStaff, signedIn } from "../api/access";
import { SlugParams } from "../api/schemas";
import type { Config } from "../env";
import { parseCursor } from "../lib/cursor";
import { AppError } from "../lib/errors";
import { CommentBody, CommentListQuery, CommentParams, CommentSchema, DropCreateBody, DropListQuery, DropParams, DropSchema, DropUpdateBody, FeedQuery, FeedSchema } from "./api-schemas";
import { createDrop, deleteDrop, getDrop, listDrops, updateDrop } from "./drops";
import type { Target } from "./drop-rows";
import { feedCandidateIds, feedFrom, feedReads, pageLimit, pageWindow } from "./feed";
import { filesByDrop, filesOfDrops, filesQuery, listDropFiles } from "./files";
import { openDropOf, viewerGate } from "./gate";
import { addComment, commentPage, deleteComment } from "./interaction";
import { displayNames, type DisplayName } from "../profiles/names";
import { topicSchema } from "./schemas";
import { lazyFields } from "../lib/lazy-fields";

/** Drops, the member feed and comments under /api/v1. Every read goes through the same gate as the pages. */

const tags = ["Content"];
const staffOnly = communityStaff();

function dropView(config: Pick<Config, "appUrl">, community: Pick<Community, "slug">, drop: Drop, targets: Target[], files: DropFile[], unlockAt: Date | null): z.input<typeof DropSchema> {
  const base = `${config.appUrl}/c/${community.slug}/drops/${drop.id}`;
  return {
    id: drop.id,
    title: drop.title,
    body: drop.body,
    topics: drop.topics,
    status: drop.status,
    publishAt: drop.publishAt?.toISOString() ?? null,
    publishedAt: drop.publishedAt?.toISOString() ?? null,
    dripDays: drop.dripDays,
    minLevel: drop.minLevel,
    targets: targets.map((t) => ({ tierId: t.tierId, tierName: t.tierName, rank: t.rank, offsetHours: t.offsetHours })),
    unlockAt: unlockAt && unlockAt.getTime() > 0 ? unlockAt.toISOString() : null,
    files: files.map((f) => ({ id: f.id, filename: f.filename, contentType: f.contentType, size: f.size, url: `${base}/files/${f.id}` })),
  };
}

/** Members see each other by display name; staff also get the address, to act on the person. */
const commentView = (config: Pick<Config, "appUrl">, c: Comment, name: DisplayName, staff: boolean) => ({
  id: c.id,
  author: name.name,
  authorLevel: name.level,
  authorAvatarUrl: name.avatarUrl ? config.appUrl + name.avatarUrl : null,
  ...(staff ? { authorEmail: c.email } : {}),
  body: c.body,
  createdAt: c.createdAt.toISOString(),
});

const feedRoute = createRoute({
  method: "get",
  path: "/communities/{slug}/feed",
  tags,
  summary: "The caller's feed: drops open for them, newest first, and teasers (members and staff)",
  description:
    "Exactly what member home shows: a drop appears once it is open for the caller's tier (staggered offsets, drip). Teasers carry no body and no files. " +
    "A page looks at three drops per drop asked for, so where many are not open yet it may hold fewer than `limit` items, or none: follow `nextBefore` until it is null.",
  security: staffSecurity,
  middleware: signedIn,
  request: { params: SlugParams, query: FeedQuery },
  responses: { 200: jsonContent(FeedSchema, "One page of the feed"), ...errorResponses(400, 401, 403, 404) },
});

const listRoute = createRoute({
  method: "get",
  path: "/communities/{slug}/drops",
  tags,
  summary: "Every drop of the community, drafts included (staff)",
  security: staffSecurity,
  middleware: staffOnly,
  request: { params: SlugParams, query: DropListQuery },
  responses: { 200: jsonContent(z.object(lazyFields({ drops: () => z.array(DropSchema) })), "The drops"), ...errorResponses(400, 401, 403, 404) },
});

const createDropRoute = createRoute({
  method: "post",
  path: "/communities/{slug}/drops",
  tags,
  summary: "Write a drop (owners and moderators)",
  description: "`status: scheduled` needs `publishAt` and at least one target tier. Each target's `offsetHours` delays that tier; a member gets the earliest time among targeted tiers at or below their rank, and never before `dripDays` after joining.",
  security: staffSecurity,
  middleware: staffOnly,
  request: { params: SlugParams, body: jsonBody(DropCreateBody) },
  responses: { 201: jsonContent(DropSchema, "Created"), ...errorResponses(400, 401, 403, 404, 415) },
});

const getRoute = createRoute({
  method: "get",
  path: "/communities/{slug}/drops/{id}",
  tags,
  summary: "One drop with its body and files (staff; members once it is open for them)",
  description: "Anyone the drop is not open for gets 404, whether it is a draft, planned, aimed at another tier or not yet open for theirs.",
  security: staffSecurity,
  middleware: signedIn,
  request: { params: DropParams },
  responses: { 200: jsonContent(DropSchema, "The drop"), ...errorResponses(400, 401, 404) },
});

const updateRoute = createRoute({
  method: "patch",
  path: "/communities/{slug}/drops/{id}",
  tags,
  summary: "Change a drop (owners and moderators); missing fields stay",
  security: staffSecurity,
  middleware: staffOnly,
  request: { params: DropParams, body: jsonBody(DropUpdateBody) },
  responses: { 200: jsonContent(DropSchema, "The changed drop"), ...errorResponses(400, 401, 403, 404, 415) },
});

const deleteRoute = createRoute({
  method: "delete",
  path: "/communities/{slug}/drops/{id}",
  tags,
  summary: "Delete a drop with its files, comments and reactions (owners and moderators)",
  security: staffSecurity,
  middleware: staffOnly,
  request: { params: DropParams },
  responses: { 204: { description: "Deleted" }, ...errorResponses(400, 401, 403, 404) },
});

const commentsRoute = createRoute({
  method: "get",
  path: "/communities/{slug}/drops/{id}/comments",
  tags,
  summary: "Comments on a drop, oldest first, 50 a page (whoever the drop is open for)",
  security: staffSecurity,
  middleware: signedIn,
  request: { params: DropParams, query: CommentListQuery },
  responses: {
    200: jsonContent(z.object(lazyFields({ comments: () => z.array(CommentSchema), nextCursor: () => z.nullable(z.string()).check(z.meta({ description: "Pass as `cursor` for the next page; null on the last" })) })), "A page of comments"),
    ...errorResponses(400, 401, 404),
  },
});

const commentRoute = createRoute({
  method: "post",
  path: "/communities/{slug}/drops/{id}/comments",
  tags,
  summary: "Comment on a drop (whoever it is open for, unless muted)",
  security: staffSecurity,
  middleware: signedIn,
  request: { params: DropParams, body: jsonBody(CommentBody) },
  responses: { 201: jsonContent(CommentSchema, "Posted"), ...errorResponses(400, 401, 403, 404, 415, 429) },
});

const deleteCommentRoute = createRoute({
  method: "delete",
  path: "/communities/{slug}/drops/{id}/comments/{commentId}",
  tags,
  summary: "Delete a comment (moderators and owners)",
  security: staffSecurity,
  middleware: staffOnly,
  request: { params: CommentParams },
  responses: { 204: { description: "Deleted" }, ...errorResponses(400, 401, 403, 404) },
});

export const contentApi = createApiRouter()
  .openapi(feedRoute, async (c) => {
    const { deps, community, reader } = await viewerGate(c);
    if (!reader) throw AppError.forbidden("Only members and staff have a feed");
    const q = c.req.valid("query");
    const topic = q.topic ? topicSchema.safeParse(q.topic) : null;
    if (topic && !topic.success) throw AppError.validation([{ field: "topic", message: "Not a topic" }]);
    // The same page as member home's: its limit and its window of candidates.
    const limit = pageLimit(q.limit);
    const opts = { topic: topic?.data ?? null, before: q.before, limit, window: pageWindow(limit) };
    const now = deps.now();
    // The feed and the files of the drops it looks at, in one batch.
    const [rows, targets, topics, fileRows] = await deps.db.batch([...feedReads(deps.db, community.id, reader, now, opts), filesQuery(deps.db, feedCandidateIds(deps.db, community.id, reader, now, opts))]);
    const feed = feedFrom([rows, targets, topics], reader, now, opts);
    const files = filesByDrop(fileRows);
    c.header("Cache-Control", "private, no-store");
    return c.json(
      {
        items: feed.items.map((i) => dropView(deps.config, community, i.drop, i.targets, files.get(i.drop.id) ?? [], i.unlockAt)),
        teasers: feed.teasers.map((t) => ({ id: t.drop.id, title: t.drop.title, topics: t.drop.topics, unlockAt: t.unlockAt.toISOString() })),
        topics: feed.topics,
        nextBefore: feed.nextBefore,
      },
      200,
    );
  })
  .openapi(listRoute, async (c) => {
    const deps = c.get("deps");
    const { community } = c.get("staff");
    const status = c.req.valid("query").status;
    const [rows, files] = await Promise.all([listDrops(deps.db, community.id), filesOfDrops(deps.db, deps.db.select({ id: drops.id }).from(drops).where(eq(drops.communityId, community.id)))]);
    const shown = rows.filter((r) => !status || r.drop.status === status);
    c.header("Cache-Control", "private, no-store");
    return c.json({ drops: shown.map((r) => dropView(deps.config, community, r.drop, r.targets, files.get(r.drop.id) ?? [], null)) }, 200);
  })
  .openapi(createDropRoute, async (c) => {
    const deps = c.get("deps");
    const { community, viewer } = c.get("staff");
    const created = await createDrop(deps, community, c.req.valid("json"), viewer.email);
    return c.json(dropView(deps.config, community, created.drop, created.targets, [], null), 201);
  })
  .openapi(getRoute, async (c) => {
    const { deps, community, reader } = await viewerGate(c);
    // The drop came with the session's batch; its files are the second round trip.
    const open = await openDropOf(c, community, reader);
    const files = await listDropFiles(deps.db, open.drop.id);
    c.header("Cache-Control", "private, no-store");
    return c.json(dropView(deps.config, community, open.drop, open.targets, files, open.unlockAt), 200);
  })
  .openapi(updateRoute, async (c) => {
    const deps = c.get("deps");
    const { community } = c.get("staff");
    const saved = await updateDrop(deps, community, c.req.valid("param").id, c.req.valid("json"));
    const files = await filesOfDrops(deps.db, [saved.drop.id]);
    return c.json(dropView(deps.config, community, saved.drop, saved.targets, files.get(saved.drop.id) ?? [], null), 200);
  })
  .openapi(deleteRoute, async (c) => {
    const { community } = c.get("staff");
    await deleteDrop(c.get("deps"), c.env.FILES, community, c.req.valid("param").id);
    return c.body(null, 204);
  })
  .openapi(commentsRoute, async (c) => {
    const { deps, community, reader, staff } = await viewerGate(c);
    // The drop came with the session's batch; the page of comments is the second round trip.
    const { drop } = await openDropOf(c, community, reader);
    const { comments, names, later } = await commentPage(deps.db, community, drop.id, { after: parseCursor(c.req.valid("query").cursor, "cursor") });
    c.header("Cache-Control", "private, no-store");
    return c.json({ comments: comments.map((x) => commentView(deps.config, x, names.get(x.email)!, staff)), nextCursor: later }, 200);
  })
  .openapi(commentRoute, async (c) => {
    const { deps, community, reader, staff, viewer } = await viewerGate(c);
    const { drop } = await openDropOf(c, community, reader);
    const comment = await addComment(deps, drop, { email: viewer.email, staff }, c.req.valid("json"));
    const names = await displayNames(deps.db, community, [comment.email]);
    return c.json(commentView(deps.config, comment, names.get(comment.email)!, staff), 201);
  })
  .openapi(deleteCommentRoute, async (c) => {
    const deps = c.get("deps");
    const { community, viewer } = c.get("staff");
    const { drop } = await getDrop(deps.db, community.id, c.req.valid("param").id);
    await deleteComment(deps, drop.id, c.req.valid("param").commentId, viewer.email);
    return c.body(null, 204);
  });
