import { Hono, type Context } from "hono";
import type { AppEnv } from "../app-env";
import { AppError } from "../lib/errors";
import { renderDropPage, renderTeaser } from "./drop-page";
import { feedFor } from "./feed";
import { fileResponse, getDropFile } from "./files";
import { gatedDropOf, openDropOf, viewerGate } from "./gate";
import { readerOf } from "./release";
import { communityAccessReads } from "../auth/community-access";
import { accessOf, type AccessRows } from "../memberships/access";
import { readDropPage } from "./drop-read";
import { addComment, commentsAtOf, deleteComment, toggleReaction } from "./interaction";
import { feedTokenOwnerQuery, issueFeedToken, revokeFeedTokens, setActivityMode, setNotifyMode } from "./prefs";
import { renderRss } from "./rss";
import { activityModeSchema, notifyModeSchema } from "./schemas";

/** What members reach: drop pages, files, comments, reactions, their feed URL and email preferences. */
export const contentMemberRoutes = new Hono<AppEnv>();

/** Gated pages are never cached anywhere (the app-wide Content-Security-Policy runs no script). */
export function privatePage(c: Context<AppEnv>) {
  c.header("Cache-Control", "private, no-store");
}

const dropPath = (slug: string, id: string) => `/c/${slug}/drops/${id}`;

contentMemberRoutes.get("/c/:slug/drops/:id", async (c) => {
  const { deps, community, viewer, reader, staff } = await viewerGate(c);
  privatePage(c);
  // The drop came with the session's batch; the gate decides before anything else is read.
  const gated = await gatedDropOf(c, community, reader);
  if (gated.state === "teaser") return c.html(renderTeaser(community, gated.drop, gated.unlockAt));
  // One more round trip: files, comments, reactions, the mute, and (for members) the view.
  const parts = await readDropPage(deps, community, gated.drop, { email: viewer.email, view: !staff }, commentsAtOf(c.req.query("before"), c.req.query("after")));
  const { comments, names, ...commentNav } = parts.commentPage;
  return c.html(renderDropPage({ ...gated, ...parts, community, comments, names, commentNav, viewer: { email: viewer.email, staff, muted: !staff && parts.muted } }));
});

contentMemberRoutes.get("/c/:slug/drops/:id/files/:fileId", async (c) => {
  const { deps, community, reader } = await viewerGate(c);
  const { drop } = await openDropOf(c, community, reader);
  const file = await getDropFile(deps.db, drop.id, c.req.param("fileId"));
  return fileResponse(c.env.FILES, file);
});

contentMemberRoutes.post("/c/:slug/drops/:id/comments", async (c) => {
  const { deps, community, viewer, reader, staff } = await viewerGate(c);
  const { drop } = await openDropOf(c, community, reader);
  const body = await c.req.parseBody();
  const comment = await addComment(deps, drop, { email: viewer.email, staff }, { body: typeof body.body === "string" ? body.body : "" });
  return c.redirect(`${dropPath(community.slug, drop.id)}#${comment.id}`, 303);
});

contentMemberRoutes.post("/c/:slug/drops/:id/comments/:commentId/delete", async (c) => {
  const { deps, community, viewer, reader, staff } = await viewerGate(c);
  if (!staff) throw AppError.forbidden("Only moderators and owners delete comments");
  const { drop } = await openDropOf(c, community, reader);
  await deleteComment(deps, drop.id, c.req.param("commentId"), viewer.email);
  return c.redirect(`${dropPath(community.slug, drop.id)}#comments`, 303);
});

contentMemberRoutes.post("/c/:slug/drops/:id/reactions", async (c) => {
  const { deps, community, viewer, reader, staff } = await viewerGate(c);
  const { drop } = await openDropOf(c, community, reader);
  const body = await c.req.parseBody();
  await toggleReaction(deps, drop, { email: viewer.email, staff }, String(body.emoji ?? ""));
  return c.redirect(dropPath(community.slug, drop.id), 303);
});

/**
 * The private RSS feed: the token names the member; the gate decides what is in it, on every
 * fetch. Feed readers poll, so it costs two round trips: the community, the token's owner and
 * their access in one batch (keyed by the slug and the token), then the feed.
 */
contentMemberRoutes.get("/c/:slug/feed/:file", async (c) => {
  const deps = c.get("deps");
  const token = /^([0-9a-z]{32})\.xml$/.exec(c.req.param("file"))?.[1];
  if (!token) throw AppError.notFound("Feed");
  const slug = c.req.param("slug");
  const owner = feedTokenOwnerQuery(deps.db, slug, token);
  const [ownerRows, [community], ...accessRows] = await deps.db.batch([owner, ...communityAccessReads(deps.db, slug, owner)]);
  if (!community) throw AppError.notFound(`Community "${slug}"`);
  const email = ownerRows[0]?.email;
  if (!email) throw AppError.notFound("Feed");
  const reader = readerOf(accessOf(accessRows as unknown as AccessRows, deps.config, community, email, deps.now()));
  if (!reader) throw AppError.notFound("Feed");
  const feed = await feedFor(deps, community.id, reader, { limit: 50 });
  return c.body(renderRss(deps.config, community, feed.items), 200, {
    "content-type": "application/rss+xml; charset=utf-8",
    "cache-control": "private, no-store",
    "x-robots-tag": "noindex",
  });
});

contentMemberRoutes.post("/c/:slug/feed-token", async (c) => {
  const { deps, community, viewer, reader } = await viewerGate(c);
  if (!reader) throw AppError.forbidden("Only members have a private feed");
  await issueFeedToken(deps, community.id, viewer.email);
  return c.redirect(`/c/${community.slug}/home#rss`, 303);
});

contentMemberRoutes.post("/c/:slug/feed-token/revoke", async (c) => {
  const { deps, community, viewer } = await viewerGate(c);
  await revokeFeedTokens(deps, community.id, viewer.email);
  return c.redirect(`/c/${community.slug}/home#rss`, 303);
});

contentMemberRoutes.post("/c/:slug/notifications", async (c) => {
  const { deps, community, viewer } = await viewerGate(c);
  const body = await c.req.parseBody();
  const mode = notifyModeSchema.safeParse(body.mode);
  if (!mode.success) throw AppError.validation([{ field: "mode", message: "Choose each drop, weekly digest or off" }]);
  // Activity emails (replies, mentions, polls) are chosen in the same form; older forms send only `mode`.
  const activity = body.activity === undefined ? null : activityModeSchema.safeParse(body.activity);
  if (activity && !activity.success) throw AppError.validation([{ field: "activity", message: "Choose each, daily digest or off" }]);
  await setNotifyMode(deps, community.id, viewer.email, mode.data);
  if (activity) await setActivityMode(deps, community.id, viewer.email, activity.data);
  return c.redirect(`/c/${community.slug}/home#notify`, 303);
});
