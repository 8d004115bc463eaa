import { eq, type SQLWrapper } from "drizzle-orm";
import type { Context } from "hono";
import { communities, type Community } from "../../drizzle";
import type { AppEnv, Viewer } from "../app-env";
import type { Db } from "../lib/db";
import { AppError } from "../lib/errors";
import { accessOf, accessQueries, type Access, type AccessRows } from "../memberships/access";
import { getViewer } from "./session";
import { prefetchedCommunityAccess } from "./session-read";

/** The community by its slug, then the rows `accessOf` decides from. */
export type CommunityAccessRows = readonly [Community[], ...AccessRows];

/** The reads behind `communityAccess`, keyed by the slug and the person's email (or a subquery yielding it). */
export function communityAccessReads(db: Db, slug: string, who: string | SQLWrapper) {
  const id = db.select({ id: communities.id }).from(communities).where(eq(communities.slug, slug));
  return [db.select().from(communities).where(eq(communities.slug, slug)).limit(1), ...accessQueries(db, id, typeof who === "string" ? [who] : who)] as const;
}

export interface CommunityAccess {
  community: Community;
  viewer: Viewer | null;
  /** The signed-in viewer's access (the one decision, `accessOf`), or null when nobody is signed in. */
  access: Access | null;
}

/**
 * The community named by `slug` (404 when there is none) and what the signed-in viewer may do in
 * it. With a cookie session this was read in the session's own batch and costs no round trip;
 * otherwise it is one batch.
 */
export async function communityAccess(c: Context<AppEnv>, slug: string): Promise<CommunityAccess> {
  const deps = c.get("deps");
  const viewer = await getViewer(c);
  let rows = viewer ? prefetchedCommunityAccess(c, slug) : null;
  if (!rows && viewer) rows = (await deps.db.batch(communityAccessReads(deps.db, slug, viewer.email.toLowerCase()))) as unknown as CommunityAccessRows;
  const community = rows ? rows[0][0] : await deps.db.query.communities.findFirst({ where: eq(communities.slug, slug) });
  if (!community) throw AppError.notFound(`Community "${slug}"`);
  return { community, viewer, access: viewer && rows ? accessFrom(c, rows, community, viewer) : null };
}

/**
 * What the session's batch already read about this community (no round trip), or null when it
 * read nothing for it: the viewer is looked up some other way, or no one is signed in yet.
 */
export function knownCommunityAccess(c: Context<AppEnv>, slug: string): CommunityAccess | null {
  const viewer = c.get("viewer");
  const rows = viewer ? prefetchedCommunityAccess(c, slug) : null;
  const community = rows?.[0][0];
  return viewer && rows && community ? { community, viewer, access: accessFrom(c, rows, community, viewer) } : null;
}

function accessFrom(c: Context<AppEnv>, [, ...accessRows]: CommunityAccessRows, community: Community, viewer: Viewer): Access {
  const deps = c.get("deps");
  return accessOf(accessRows as unknown as AccessRows, deps.config, community, viewer.email.toLowerCase(), deps.now());
}
