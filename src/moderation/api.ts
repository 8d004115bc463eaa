import { postJobs } from "../spaces/posts";
import * as z from "zod/mini";
import { createRoute, createApiRouter, errorResponses, jsonBody, jsonContent, staffSecurity } from "../api/openapi";
import type { SpaceSettings } from "../../drizzle";
import { communityStaff, signedIn } from "../api/access";
import { SlugParams } from "../api/schemas";
import { communityAccess } from "../auth/community-access";
import { requireViewer } from "../auth/session";
import { approvePost, keepPost, muteAuthor, removePost } from "./actions";
import { ModerationResultSchema, PostParams, QueueQuery, QueueSchema, ReportSchema, RulesSchema } from "./api-schemas";
import { moderationQueue, type QueueItem } from "./queue";
import { reportPost } from "./reports";
import { getRules, saveRules } from "./rules";
import { muteAuthorInputSchema, noteInputSchema, removeInputSchema, reportInputSchema, rulesInputSchema } from "./schemas";
import type * as core from "zod/v4/core";

/**
 * Reports (any reader of a post) and moderation (staff; the rules owners only) under /api/v1,
 * the same domain functions as the pages. Actions are idempotent: a repeat answers `changed: false`.
 */

const tags = ["Moderation"];
const staffOnly = communityStaff();
const ownersOnly = communityStaff(["owner"]);
const ACTION_ERRORS = errorResponses(400, 401, 403, 404, 409, 415);
const optionalBody = <T extends core.$ZodType>(schema: T) => ({ ...jsonBody(schema), required: false as const });

const itemView = (i: QueueItem): z.input<typeof QueueSchema>["held"]["items"][number] => ({
  postId: i.post.id,
  threadId: i.threadId,
  kind: i.post.parentId ? "reply" : "thread",
  space: i.space,
  title: i.post.title,
  body: i.post.body,
  status: i.post.status,
  heldReason: i.post.heldReason,
  deleted: !!i.post.deletedAt,
  author: { name: i.authorName, email: i.post.authorEmail },
  createdAt: i.post.createdAt.toISOString(),
  reports: i.reports && { count: i.reports.count, firstAt: i.reports.firstAt.toISOString(), reasons: i.reports.reasons.map((r) => ({ reason: r.reason, at: r.at.toISOString() })) },
});

const rulesView = (s: SpaceSettings) => ({
  holdFirstPosts: s.holdFirstPosts,
  holdLinksDays: s.holdLinksDays,
  postsPerHour: s.postsPerHour,
  editMinutes: s.editMinutes,
  updatedAt: s.updatedAt.getTime() > 0 ? s.updatedAt.toISOString() : null,
});

const reportRoute = createRoute({
  method: "post",
  path: "/communities/{slug}/posts/{id}/reports",
  tags,
  summary: "Report a post or reply (whoever may read it)",
  description: "One report per person and post: a second is a 409. Reporting your own post is a 403; a post the caller cannot read (another tier's space, held, removed) is a 404.",
  security: staffSecurity,
  middleware: signedIn,
  request: { params: PostParams, body: jsonBody(reportInputSchema) },
  responses: { 201: jsonContent(ReportSchema, "Filed"), ...errorResponses(400, 401, 403, 404, 409, 415, 429) },
});

const queueRoute = createRoute({
  method: "get",
  path: "/communities/{slug}/moderation",
  tags,
  summary: "The moderation queue: reported posts and held posts (staff)",
  security: staffSecurity,
  middleware: staffOnly,
  request: { params: SlugParams, query: QueueQuery },
  responses: { 200: jsonContent(QueueSchema, "One page of each list"), ...errorResponses(400, 401, 403, 404) },
});

const action = (name: string, summary: string, body: ReturnType<typeof jsonBody> | ReturnType<typeof optionalBody>, description?: string) =>
  createRoute({
    method: "post",
    path: `/communities/{slug}/moderation/posts/{id}/${name}`,
    tags,
    summary,
    description,
    security: staffSecurity,
    middleware: staffOnly,
    request: { params: PostParams, body },
    responses: { 200: jsonContent(ModerationResultSchema, "Done (or already done)"), ...ACTION_ERRORS },
  });

const approveRoute = action("approve", "Approve a held post (staff): it becomes visible and is announced like a new post", optionalBody(noteInputSchema), "Its open reports close as kept. `reason` is an optional note for the audit log.");
const keepRoute = action("keep", "Keep a reported post (staff): its open reports close", optionalBody(noteInputSchema));
const removeRoute = action("remove", "Remove a post (staff): gone for everyone at once; its author sees `reason`", jsonBody(removeInputSchema), "The row stays for the record; open reports close as removed.");
const muteRoute = action(
  "mute",
  "Mute the post's author (staff): they read but do not post, reply, react or vote",
  jsonBody(muteAuthorInputSchema),
  "`days` null: until unmuted. A mute already running is left as it is (`changed: false`). Removing or banning the member: the Members endpoints.",
);

const getRulesRoute = createRoute({
  method: "get",
  path: "/communities/{slug}/moderation/rules",
  tags,
  summary: "The community's rules for new members and posting (staff)",
  security: staffSecurity,
  middleware: staffOnly,
  request: { params: SlugParams },
  responses: { 200: jsonContent(RulesSchema, "The rules (defaults until an owner sets them)"), ...errorResponses(400, 401, 403, 404) },
});

const putRulesRoute = createRoute({
  method: "put",
  path: "/communities/{slug}/moderation/rules",
  tags,
  summary: "Set the rules (owners): hold first posts (0–20), hold links from members younger than D days (0–90), posts per hour (1–200), edit window minutes (0–1440)",
  security: staffSecurity,
  middleware: ownersOnly,
  request: { params: SlugParams, body: jsonBody(rulesInputSchema) },
  responses: { 200: jsonContent(RulesSchema, "Saved"), ...errorResponses(400, 401, 403, 404, 415) },
});

export const moderationApi = createApiRouter()
  .openapi(reportRoute, async (c) => {
    await requireViewer(c);
    const { community, access } = await communityAccess(c, c.req.valid("param").slug);
    const report = await reportPost(c.get("deps"), community, access!, c.req.valid("param").id, c.req.valid("json"));
    return c.json({ id: report.id, postId: report.postId, reason: report.reason, createdAt: report.createdAt.toISOString() }, 201);
  })
  .openapi(queueRoute, async (c) => {
    const { community } = c.get("staff");
    const q = c.req.valid("query");
    const queue = await moderationQueue(c.get("deps").db, community.id, { reportedCursor: q.reportedCursor, heldCursor: q.heldCursor, limit: q.limit });
    c.header("Cache-Control", "private, no-store");
    return c.json({ reported: { items: queue.reported.items.map(itemView), nextCursor: queue.reported.nextCursor }, held: { items: queue.held.items.map(itemView), nextCursor: queue.held.nextCursor } }, 200);
  })
  .openapi(approveRoute, async (c) => {
    const { community, viewer } = c.get("staff");
    const outcome = await approvePost(c.get("deps"), postJobs(c.env), { community, email: viewer.email }, c.req.valid("param").id, c.req.valid("json") ?? {});
    return c.json({ changed: outcome.changed }, 200);
  })
  .openapi(keepRoute, async (c) => {
    const { community, viewer } = c.get("staff");
    const outcome = await keepPost(c.get("deps"), { community, email: viewer.email }, c.req.valid("param").id, c.req.valid("json") ?? {});
    return c.json({ changed: outcome.changed }, 200);
  })
  .openapi(removeRoute, async (c) => {
    const { community, viewer } = c.get("staff");
    const outcome = await removePost(c.get("deps"), { community, email: viewer.email }, c.req.valid("param").id, c.req.valid("json"));
    return c.json({ changed: outcome.changed }, 200);
  })
  .openapi(muteRoute, async (c) => {
    const { community, viewer } = c.get("staff");
    const outcome = await muteAuthor(c.get("deps"), { community, email: viewer.email }, c.req.valid("param").id, c.req.valid("json"));
    return c.json({ changed: outcome.changed }, 200);
  })
  .openapi(getRulesRoute, async (c) => {
    c.header("Cache-Control", "private, no-store");
    return c.json(rulesView(await getRules(c.get("deps").db, c.get("staff").community.id)), 200);
  })
  .openapi(putRulesRoute, async (c) => {
    const { community, viewer } = c.get("staff");
    return c.json(rulesView(await saveRules(c.get("deps"), community.id, c.req.valid("json"), viewer.email)), 200);
  });
