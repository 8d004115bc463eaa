import type { Context } from "hono";
import type { Community, Post } from "../../drizzle";
import type { AppEnv, Viewer } from "../app-env";
import { communityAccess } from "../auth/community-access";
import { requireViewer } from "../auth/session";
import { AppError } from "../lib/errors";
import type { Access } from "../memberships/access";
import type { WriteContext } from "./posts";
import { spaceRights, type SpaceRights } from "./rules";
import { loadSpace, spaceContextFrom } from "./service";
import { prefetchedPost, prefetchedSpace } from "../auth/session-read";
import { postFrom, postRead, type PostWithAuthor } from "./post-read";

/**
 * The signed-in person inside one space, for the pages and the API alike: the community, the one
 * access check (`accessFor`, read with the session), the space with the community's rules and the
 * person's mute, and what `spaceRights` grants. Visitors are sent to sign in (pages) or get a 401
 * (API); anyone who may not read the space gets the same 404 as for a space that does not exist.
 */
export interface SpaceReader extends WriteContext {
  community: Community;
  viewer: Viewer;
  rights: SpaceRights;
}

export async function spaceReader(c: Context<AppEnv>): Promise<SpaceReader> {
  return (await spaceReaderWith(c, async () => null)).reader;
}

/**
 * The same, with one more read (e.g. the thread) sent alongside the space's batch so both cost
 * one round trip of waiting. `alongside`'s result is only handed back once the space is readable.
 */
export async function spaceReaderWith<T>(c: Context<AppEnv>, alongside: (community: Community) => Promise<T>): Promise<{ reader: SpaceReader; extra: T }> {
  const deps = c.get("deps");
  const { community, access } = await communityAccess(c, c.req.param("slug") ?? "");
  const viewer = await requireViewer(c);
  const spaceSlug = c.req.param("space") ?? "";
  // Read with the session when the session's batch knew this space (no round trip of its own).
  const known = prefetchedSpace(c, community.slug, spaceSlug);
  const [loaded, extra] = await Promise.all([known ? spaceContextFrom(known, community.id) : loadSpace(deps, community.id, spaceSlug, viewer.email), alongside(community)]);
  const rights = spaceRights(access as Access, loaded.space, { muted: loaded.muted });
  if (!rights.read) throw AppError.notFound("Space");
  return { reader: { community, viewer, access: access as Access, ...loaded, rights }, extra };
}

/**
 * For `spaceReaderWith`: the post `{postId}` of the community with its author's name (only a
 * thread, with `threadsOnly`), or null. Under a thread's pages and API the session's batch read it
 * (`prefetchedPost`), so the space and the post cost no round trip beyond the session's.
 */
export function postAlongside(c: Context<AppEnv>, threadsOnly = false) {
  return async (community: Community): Promise<PostWithAuthor | null> => {
    const postId = c.req.param("postId") ?? "";
    const rows = prefetchedPost(c, community.slug, c.req.param("space") ?? "", postId);
    return postFrom(rows ?? (await postRead(c.get("deps").db, community.id, postId)), threadsOnly);
  };
}

/**
 * How a post shows to one person (see the contract on post status): visible posts to every reader;
 * held ones to their author and staff, marked; removed ones to staff, and to their author only as
 * a notice with the reason; deleted ones to nobody. null: not at all.
 */
export type PostSight = "visible" | "held" | "removed" | "removed-notice";

export function sightOf(post: Pick<Post, "status" | "deletedAt" | "authorEmail">, email: string, staff: boolean): PostSight | null {
  if (post.deletedAt) return null;
  const mine = post.authorEmail === email.toLowerCase();
  switch (post.status) {
    case "visible":
      return "visible";
    case "held":
      return staff || mine ? "held" : null;
    case "removed":
      return staff ? "removed" : mine ? "removed-notice" : null;
  }
}

/** A post's page address; replies are the thread's page with the reply's anchor. */
export function postPath(slug: string, spaceSlug: string, post: Pick<Post, "id" | "parentId">): string {
  return post.parentId ? `/c/${slug}/s/${spaceSlug}/t/${post.parentId}#p-${post.id}` : `/c/${slug}/s/${spaceSlug}/t/${post.id}`;
}
