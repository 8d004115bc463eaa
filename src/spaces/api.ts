import * as z from "zod/mini";
import { createRoute, createApiRouter, errorResponses, jsonBody, jsonContent, staffSecurity } from "../api/openapi";
import { signedIn, communityStaff } from "../api/access";
import { SlugParams } from "../api/schemas";
import { communityAccess } from "../auth/community-access";
import { requireViewer } from "../auth/session";
import { AppError } from "../lib/errors";
import { deletePost, editPost, setFollow, setThreadFlag } from "./actions";
import { FlagBody, PostSchema, ReactionParams, SpaceParams, SpaceSchema, ThreadListQuery, ThreadPageSchema, ThreadParams, ThreadSchema } from "./api-schemas";
import { postView, spaceView, threadView } from "./api-views";
import { createPost, createReply } from "./posts";
import { isMuted } from "../content/interaction";
import { postJobs } from "./posts";
import { honourJobs } from "../honours/level-up";
import { postAlongside, sightOf, spaceReader, spaceReaderWith, type SpaceReader } from "./reader";
import { addReaction, removeReaction } from "./reactions";
import { readableSpacesSql, spaceRights } from "./rules";
import { postInputSchema, replyInputSchema } from "./schemas";
import { createSpace, listSpacesQuery, loadSpace, setSpaceArchived, updateSpace } from "./service";
import { spaceInputSchema } from "./space-schemas";
import { postEditSchema, reactionInputSchema, voteInputSchema } from "./thread-schemas";
import { getPostWithAuthor, parseCursor, spacePage, threadDetail, type PostWithAuthor } from "./threads";
import { castVote } from "./votes";
import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import { lazyFields } from "../lib/lazy-fields";

/**
 * Spaces, threads, replies, reactions and poll votes under /api/v1. Every call passes the same
 * `spaceReader` as the pages (the one access check plus the space's rules): a space or post the
 * caller may not read is a 404, exactly as on the pages.
 */

const tags = ["Spaces"];
const ownersOnly = communityStaff(["owner"]);
const security = staffSecurity;


const listSpacesRoute = createRoute({
  method: "get",
  path: "/communities/{slug}/spaces",
  tags,
  security,
  middleware: signedIn,
  summary: "The spaces the caller may read, in order (members and staff)",
  request: { params: SlugParams },
  responses: { 200: jsonContent(z.object(lazyFields({ spaces: () => z.array(SpaceSchema) })), "Readable spaces"), ...errorResponses(400, 401, 403, 404) },
});
const createSpaceRoute = createRoute({
  method: "post",
  path: "/communities/{slug}/spaces",
  tags,
  security,
  middleware: ownersOnly,
  summary: "Create a space (owners)",
  request: { params: SlugParams, body: jsonBody(spaceInputSchema) },
  responses: { 201: jsonContent(SpaceSchema, "Created"), ...errorResponses(400, 401, 403, 404, 415) },
});
const updateSpaceRoute = createRoute({
  method: "put",
  path: "/communities/{slug}/spaces/{space}",
  tags,
  security,
  middleware: ownersOnly,
  summary: "Change a space (owners): the whole description, as on create",
  request: { params: SpaceParams, body: jsonBody(spaceInputSchema) },
  responses: { 200: jsonContent(SpaceSchema, "Saved"), ...errorResponses(400, 401, 403, 404, 415) },
});
const archiveSpaceRoute = createRoute({
  method: "post",
  path: "/communities/{slug}/spaces/{space}/archive",
  tags,
  security,
  middleware: ownersOnly,
  summary: "Archive a space, or restore it (owners): archived spaces leave members' lists and pages; their posts are kept",
  request: { params: SpaceParams, body: jsonBody(FlagBody) },
  responses: { 200: jsonContent(SpaceSchema, "Saved"), ...errorResponses(400, 401, 403, 404, 415) },
});
const threadsRoute = createRoute({
  method: "get",
  path: "/communities/{slug}/spaces/{space}/threads",
  tags,
  security,
  middleware: signedIn,
  summary: "A page of threads: pinned first (first page only), then newest or most active",
  description: "Keyset pagination: pass `next` as `cursor`. In lists `body` is an excerpt. Also marks the space read for the caller.",
  request: { params: SpaceParams, query: ThreadListQuery },
  responses: { 200: jsonContent(ThreadPageSchema, "One page"), ...errorResponses(400, 401, 404) },
});
const createThreadRoute = createRoute({
  method: "post",
  path: "/communities/{slug}/spaces/{space}/threads",
  tags,
  security,
  middleware: signedIn,
  summary: "Start a thread, optionally with a poll (who may post here, unless muted)",
  description: "Answers the post with `status`: `held` when the community holds it for a moderator.",
  request: { params: SpaceParams, body: jsonBody(postInputSchema) },
  responses: { 201: jsonContent(PostSchema, "Created"), ...errorResponses(400, 401, 403, 404, 415, 429) },
});
const threadRoute = createRoute({
  method: "get",
  path: "/communities/{slug}/spaces/{space}/threads/{postId}",
  tags,
  security,
  middleware: signedIn,
  summary: "A thread with its replies, files, poll and reactions",
  request: { params: ThreadParams },
  responses: { 200: jsonContent(ThreadSchema, "The thread"), ...errorResponses(400, 401, 404) },
});
const replyRoute = createRoute({
  method: "post",
  path: "/communities/{slug}/spaces/{space}/threads/{postId}/replies",
  tags,
  security,
  middleware: signedIn,
  summary: "Reply to a thread (locked threads: staff only)",
  request: { params: ThreadParams, body: jsonBody(replyInputSchema) },
  responses: { 201: jsonContent(PostSchema, "Created"), ...errorResponses(400, 401, 403, 404, 415, 429) },
});
const editRoute = createRoute({
  method: "patch",
  path: "/communities/{slug}/spaces/{space}/posts/{postId}",
  tags,
  security,
  middleware: signedIn,
  summary: "Edit your own post or reply within the community's edit window",
  description: "Replies take `body` only.",
  request: { params: ThreadParams, body: jsonBody(postEditSchema) },
  responses: { 200: jsonContent(PostSchema, "Saved"), ...errorResponses(400, 401, 403, 404, 415) },
});
const deleteRoute = createRoute({
  method: "delete",
  path: "/communities/{slug}/spaces/{space}/posts/{postId}",
  tags,
  security,
  middleware: signedIn,
  summary: "Delete your own post or reply (gone for everyone; the record stays)",
  request: { params: ThreadParams },
  responses: { 204: { description: "Deleted" }, ...errorResponses(400, 401, 403, 404) },
});
const flagRoute = (flag: "pin" | "lock") =>
  createRoute({
  method: "post",
  path: `/communities/{slug}/spaces/{space}/threads/{postId}/${flag}`,
  tags,
  security,
  middleware: signedIn,
    summary: flag === "pin" ? "Pin or unpin a thread (moderators and owners)" : "Lock or unlock a thread against replies (moderators and owners)",
    request: { params: ThreadParams, body: jsonBody(FlagBody) },
    responses: { 200: jsonContent(PostSchema, "Saved"), ...errorResponses(400, 401, 403, 404, 415) },
  });
const followRoute = createRoute({
  method: "post",
  path: "/communities/{slug}/spaces/{space}/threads/{postId}/follow",
  tags,
  security,
  middleware: signedIn,
  summary: "Follow (`on: true`) or stop following a thread",
  request: { params: ThreadParams, body: jsonBody(FlagBody) },
  responses: { 204: { description: "Done" }, ...errorResponses(400, 401, 404, 415) },
});
const addReactionRoute = createRoute({
  method: "post",
  path: "/communities/{slug}/spaces/{space}/posts/{postId}/reactions",
  tags,
  security,
  middleware: signedIn,
  summary: "React to a post or reply (readers who are not muted); once per emoji",
  request: { params: ThreadParams, body: jsonBody(reactionInputSchema) },
  responses: { 201: { description: "Added" }, ...errorResponses(400, 401, 403, 404, 409, 415) },
});
const removeReactionRoute = createRoute({
  method: "delete",
  path: "/communities/{slug}/spaces/{space}/posts/{postId}/reactions/{emoji}",
  tags,
  security,
  middleware: signedIn,
  summary: "Take a reaction back",
  request: { params: ReactionParams },
  responses: { 204: { description: "Removed" }, ...errorResponses(400, 401, 403, 404) },
});
const voteRoute = createRoute({
  method: "post",
  path: "/communities/{slug}/spaces/{space}/threads/{postId}/votes",
  tags,
  security,
  middleware: signedIn,
  summary: "Vote in a thread's poll, or change your vote until it closes",
  description: "`options`: one option id for a single-choice poll, one or more for multiple choice. Replaces your previous choices. After the close: 409.",
  request: { params: ThreadParams, body: jsonBody(voteInputSchema) },
  responses: { 200: jsonContent(ThreadSchema, "The thread with its poll"), ...errorResponses(400, 401, 403, 404, 409, 415) },
});

/** The reader and the post `{postId}` of this space, as the caller may see it (404 otherwise), read alongside the space. */
async function readerAndPost(c: Context<AppEnv>): Promise<{ r: SpaceReader; post: PostWithAuthor }> {
  const { reader: r, extra: post } = await spaceReaderWith(c, postAlongside(c));
  if (!post || post.spaceId !== r.space.id || !sightOf(post, r.viewer.email, r.rights.staff)) throw AppError.notFound("Post");
  return { r, post };
}

async function threadBody(c: Context<AppEnv>, r: SpaceReader, thread: PostWithAuthor, recordView: boolean) {
  const deps = c.get("deps");
  const sight = sightOf(thread, r.viewer.email, r.rights.staff);
  if (thread.parentId || !sight) throw AppError.notFound("Thread");
  const staff = r.rights.staff;
  const detail = sight === "removed-notice" ? null : await threadDetail(deps, thread, { email: r.viewer.email, staff, recordView: recordView && !staff && sight === "visible" });
  c.header("Cache-Control", "private, no-store");
  return threadView(deps.config, r, thread, detail, deps.now());
}

/** A post just written or changed, read back with its author's name. */
async function written(c: Context<AppEnv>, r: SpaceReader, id: string) {
  const post = await getPostWithAuthor(c.get("deps").db, r.community.id, id);
  if (!post) throw AppError.notFound("Post");
  return postView(c.get("deps").config, r, post);
}

export const spacesApi = createApiRouter()
  .openapi(listSpacesRoute, async (c) => {
    const deps = c.get("deps");
    const { community, access } = await communityAccess(c, c.req.valid("param").slug);
    const viewer = await requireViewer(c);
    if (readableSpacesSql(access!) === null) throw AppError.forbidden("Only members and staff see the community's spaces");
    // A community has a handful of spaces: the rule itself (spaceRights) filters them.
    const [rows, muted] = await Promise.all([listSpacesQuery(deps.db, community.id), isMuted(deps, community.id, viewer.email)]);
    const shown = rows.map((s) => ({ s, rights: spaceRights(access!, s, { muted }) })).filter((x) => x.rights.read);
    c.header("Cache-Control", "private, no-store");
    return c.json({ spaces: shown.map((x) => spaceView(deps.config, community, x.s, x.rights.post)) }, 200);
  })
  .openapi(createSpaceRoute, async (c) => {
    const { community } = c.get("staff");
    const space = await createSpace(c.get("deps"), community.id, c.req.valid("json"));
    return c.json(spaceView(c.get("deps").config, community, space, true), 201);
  })
  .openapi(updateSpaceRoute, async (c) => {
    const deps = c.get("deps");
    const { community } = c.get("staff");
    const { space } = await loadSpace(deps, community.id, c.req.valid("param").space, null);
    const saved = await updateSpace(deps, community.id, space.id, c.req.valid("json"));
    return c.json(spaceView(deps.config, community, saved, !saved.archivedAt), 200);
  })
  .openapi(archiveSpaceRoute, async (c) => {
    const deps = c.get("deps");
    const { community } = c.get("staff");
    const { space } = await loadSpace(deps, community.id, c.req.valid("param").space, null);
    const saved = await setSpaceArchived(deps, community.id, space.id, c.req.valid("json").on);
    return c.json(spaceView(deps.config, community, saved, !saved.archivedAt), 200);
  })
  .openapi(threadsRoute, async (c) => {
    const r = await spaceReader(c);
    const q = c.req.valid("query");
    const deps = c.get("deps");
    const page = await spacePage(deps, { communityId: r.community.id, spaceId: r.space.id, email: r.viewer.email, sort: q.sort, cursor: parseCursor(q.cursor), limit: q.limit });
    const view = (t: (typeof page.threads)[number]) => postView(deps.config, r, { ...t, body: t.excerpt, parentId: null, editedAt: null });
    c.header("Cache-Control", "private, no-store");
    return c.json({ pinned: page.pinned.map(view), threads: page.threads.map(view), next: page.next }, 200);
  })
  .openapi(createThreadRoute, async (c) => {
    const r = await spaceReader(c);
    // The domain validates the body as sent (the route checked it already; its parsed form is transformed).
    const post = await createPost(c.get("deps"), postJobs(c.env), r, await c.req.json());
    return c.json(await written(c, r, post.id), 201);
  })
  .openapi(threadRoute, async (c) => {
    const { r, post } = await readerAndPost(c);
    return c.json(await threadBody(c, r, post, true), 200);
  })
  .openapi(replyRoute, async (c) => {
    const { r, post } = await readerAndPost(c);
    const reply = await createReply(c.get("deps"), postJobs(c.env), r, post, await c.req.json());
    return c.json(await written(c, r, reply.id), 201);
  })
  .openapi(editRoute, async (c) => {
    const { r, post } = await readerAndPost(c);
    const saved = await editPost(c.get("deps"), r, post, await c.req.json());
    return c.json(await written(c, r, saved.id), 200);
  })
  .openapi(deleteRoute, async (c) => {
    const { r, post } = await readerAndPost(c);
    await deletePost(c.get("deps"), r, post);
    return c.body(null, 204);
  })
  .openapi(flagRoute("pin"), async (c) => {
    const { r, post } = await readerAndPost(c);
    const saved = await setThreadFlag(c.get("deps"), r, post, "pinned", c.req.valid("json").on);
    return c.json(await written(c, r, saved.id), 200);
  })
  .openapi(flagRoute("lock"), async (c) => {
    const { r, post } = await readerAndPost(c);
    const saved = await setThreadFlag(c.get("deps"), r, post, "locked", c.req.valid("json").on);
    return c.json(await written(c, r, saved.id), 200);
  })
  .openapi(followRoute, async (c) => {
    const { r, post } = await readerAndPost(c);
    await setFollow(c.get("deps"), r, post, c.req.valid("json").on);
    return c.body(null, 204);
  })
  .openapi(addReactionRoute, async (c) => {
    const { r, post } = await readerAndPost(c);
    await addReaction(c.get("deps"), honourJobs(c.env), r, post, c.req.valid("json"));
    return c.body(null, 201);
  })
  .openapi(removeReactionRoute, async (c) => {
    const { r, post } = await readerAndPost(c);
    await removeReaction(c.get("deps"), r, post, { emoji: c.req.valid("param").emoji });
    return c.body(null, 204);
  })
  .openapi(voteRoute, async (c) => {
    const { r, post } = await readerAndPost(c);
    await castVote(c.get("deps"), r, post, c.req.valid("json"));
    const fresh = await getPostWithAuthor(c.get("deps").db, r.community.id, post.id);
    return c.json(await threadBody(c, r, fresh!, false), 200);
  });
