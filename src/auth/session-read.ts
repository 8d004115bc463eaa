import { eq, sql } from "drizzle-orm";
import type { Context } from "hono";
import { communities } from "../../drizzle/communities";
import { session, user } from "../../drizzle/auth";
import { spaceReads, type SpaceRows } from "../spaces/service";
import { dropReads, type DropRows } from "../content/drop-rows";
import { postRead, type PostRows } from "../spaces/post-read";
import { eventRead, type EventRows } from "../events/event-read";
import type { AppEnv, Viewer } from "../app-env";
import type { AccountMenu } from "../ui/account-menu";
import { communityAccessReads, type CommunityAccessRows } from "./community-access";
import { placesFrom, placesReads } from "./places";
import { sessionByToken, splitSessionRow, type SessionRow, type UserRow } from "./session-store";
import { ACCESS_QUERY_COUNT } from "../memberships/access";

export interface SessionRead {
  session: SessionRow;
  user: UserRow;
  viewer: Viewer;
  menu: AccountMenu;
}

/**
 * The session with this (signature-checked) token, its person and their account menu in ONE round
 * trip: the session, its user and the menu's reads go to D1 in one batch keyed by the token. Null
 * when there is no such session; whether it has expired or is due to slide is the caller's call.
 */
export async function readSession(c: Context<AppEnv>, token: string): Promise<SessionRead | null> {
  const { db, config, now: clock } = c.get("deps");
  const who = sql`(select lower(${user.email}) from ${session} inner join ${user} on ${user.id} = ${session.userId} where ${session.token} = ${token})`;
  const slug = slugOf(c.req.path);
  const spaceSlug = slug ? spaceSlugOf(c.req.path) : null;
  const dropId = slug && !spaceSlug ? dropIdOf(c.req.path) : null;
  const postId = spaceSlug ? postIdOf(c.req.path) : null;
  const eventId = slug && !spaceSlug && !dropId ? eventIdOf(c.req.path) : null;
  const communityId = slug ? db.select({ id: communities.id }).from(communities).where(eq(communities.slug, slug)) : null;
  const [found, staffRows, memberRows, applicationRows, ...rest] = await db.batch([
    sessionByToken(db, token),
    ...placesReads(db, who),
    ...(slug ? communityAccessReads(db, slug, who) : []),
    // A space's pages read the space, the rules and the person's mute with the session too.
    ...(communityId && spaceSlug ? spaceReads(db, communityId, spaceSlug, who, clock()) : []),
    // A thread's pages and API read the post with them too.
    ...(communityId && postId ? [postRead(db, communityId, postId)] : []),
    // A drop's pages and API read the drop and its targets with it, so the gate decides at once.
    ...(communityId && dropId ? dropReads(db, communityId, dropId) : []),
    // And an event's, the event.
    ...(communityId && eventId ? [eventRead(db, communityId, eventId)] : []),
  ]);
  const communityReads = 1 + ACCESS_QUERY_COUNT;
  const communityRows = rest.slice(0, slug ? communityReads : 0);
  const spaceRows = slug && spaceSlug ? (rest.slice(communityReads, communityReads + 3) as unknown as SpaceRows) : null;
  const dropRows = slug && dropId ? (rest.slice(communityReads, communityReads + 2) as unknown as DropRows) : null;
  const postRows = slug && postId ? (rest[communityReads + 3] as unknown as PostRows) : null;
  const eventRows = slug && eventId ? (rest[communityReads] as unknown as EventRows) : null;
  const row = found[0] ? splitSessionRow(found[0]) : null;
  if (!row) return null;
  const email = row.user.email.toLowerCase();
  // Only a live session's rows may stand for the viewer's access later in the request.
  const live = row.session.expiresAt.getTime() > Date.now();
  if (slug && live) {
    prefetched.set(c, {
      slug,
      rows: communityRows as unknown as CommunityAccessRows,
      space: spaceSlug && spaceRows ? { slug: spaceSlug, rows: spaceRows, post: postId && postRows ? { id: postId, rows: postRows } : null } : null,
      drop: dropId && dropRows ? { id: dropId, rows: dropRows } : null,
      event: eventId && eventRows ? { id: eventId, rows: eventRows } : null,
    });
  }
  return {
    ...row,
    viewer: { userId: row.user.id, email, name: row.user.name },
    menu: placesFrom(config, email, [staffRows, memberRows, applicationRows] as Parameters<typeof placesFrom>[2]),
  };
}

const prefetched = new WeakMap<
  Context,
  {
    slug: string;
    rows: CommunityAccessRows;
    space: { slug: string; rows: SpaceRows; post: { id: string; rows: PostRows } | null } | null;
    drop: { id: string; rows: DropRows } | null;
    event: { id: string; rows: EventRows } | null;
  }
>();

/**
 * Under /c/:slug/ (and the API's /api/v1/communities/:slug/), the community and the viewer's
 * access to it, read in the session's batch:
 * nearly every page there needs both, and they need not wait for the session to come back.
 */
export function prefetchedCommunityAccess(c: Context<AppEnv>, slug: string): CommunityAccessRows | null {
  const found = prefetched.get(c);
  return found && found.slug === slug ? found.rows : null;
}

/** The space's rows read with the session, when this request is under that space. */
export function prefetchedSpace(c: Context<AppEnv>, slug: string, spaceSlug: string): SpaceRows | null {
  const found = prefetched.get(c);
  return found && found.slug === slug && found.space?.slug === spaceSlug ? found.space.rows : null;
}

/** The post's row (`postRead`) read with the session, when this request is under that thread or post of that space. */
export function prefetchedPost(c: Context<AppEnv>, slug: string, spaceSlug: string, postId: string): PostRows | null {
  const found = prefetched.get(c);
  return found && found.slug === slug && found.space?.slug === spaceSlug && found.space.post?.id === postId ? found.space.post.rows : null;
}

/** The post's id under /c/:slug/s/:space/t/:postId/ and /api/v1/communities/:slug/spaces/:space/threads/:postId/. */
function postIdOf(path: string): string | null {
  const m = path.match(/^\/(?:c\/[^/]{1,100}\/s\/[a-z0-9-]{1,64}\/t|api\/v1\/communities\/[^/]{1,100}\/spaces\/[a-z0-9-]{1,64}\/threads)\/([a-z0-9_]{1,64})(\/|$)/);
  return m ? m[1]! : null;
}

/** The event's row (`eventRead`) read with the session, when this request is under that event. */
export function prefetchedEvent(c: Context<AppEnv>, slug: string, eventId: string): EventRows | null {
  const found = prefetched.get(c);
  return found && found.slug === slug && found.event?.id === eventId ? found.event.rows : null;
}

/** The event's id under /c/:slug/events/:id/ and /api/v1/communities/:slug/events/:id/ (not /events/month and the like). */
function eventIdOf(path: string): string | null {
  const m = path.match(/^\/(?:c|api\/v1\/communities)\/[^/]{1,100}\/events\/(evt_[a-z0-9]{1,60})(\/|$)/);
  return m ? m[1]! : null;
}

/** The drop's rows (`dropReads`) read with the session, when this request is under that drop. */
export function prefetchedDrop(c: Context<AppEnv>, slug: string, dropId: string): DropRows | null {
  const found = prefetched.get(c);
  return found && found.slug === slug && found.drop?.id === dropId ? found.drop.rows : null;
}

/** The drop's id under /c/:slug/drops/:id/ and /api/v1/communities/:slug/drops/:id/. */
function dropIdOf(path: string): string | null {
  const m = path.match(/^\/(?:c|api\/v1\/communities)\/[^/]{1,100}\/drops\/([a-z0-9_]{1,64})(\/|$)/);
  return m ? m[1]! : null;
}

/** The space's URL name under /c/:slug/s/:space/ and /api/v1/communities/:slug/spaces/:space/. */
function spaceSlugOf(path: string): string | null {
  const m = path.match(/^\/(?:c\/[^/]{1,100}\/s|api\/v1\/communities\/[^/]{1,100}\/spaces)\/([a-z0-9-]{1,64})(\/|$)/);
  return m ? m[1]! : null;
}

function slugOf(path: string): string | null {
  const m = path.match(/^\/(?:c|api\/v1\/communities)\/([^/]{1,100})(\/|$)/);
  if (!m) return null;
  try {
    return decodeURIComponent(m[1]!);
  } catch {
    return null;
  }
}
