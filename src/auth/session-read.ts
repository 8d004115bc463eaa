import { eq, sql } from "drizzle-orm";
import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import { communities } from "../../drizzle/communities";
import { session, user } from "../../drizzle/auth";
import { spaceReads, type SpaceRows } from "../spaces/service";
import type { AppEnv, Viewer } from "../app-env";
import type { AccountMenu } from "../ui/account-menu";
import { SESSION_DAYS, SESSION_UPDATE_AGE_SECONDS } from "./auth";
import { communityAccessReads, type CommunityAccessRows } from "./community-access";
import { placesFrom, placesReads } from "./places";
import { ACCESS_QUERY_COUNT } from "../memberships/access";

const COOKIE = "better-auth.session_token";

/**
 * The signed-in person and their account menu in ONE round trip: the session cookie is checked
 * here (the HMAC-SHA256 signature Better Auth puts on it, with the same secret), and the session,
 * its user and the menu's reads go to D1 in one batch keyed by the session token.
 *
 * Only the plain case is answered here: a live session whose expiry needs no sliding. Anything
 * else (no such session, expired, due for its daily refresh, a bad signature) returns null and
 * the caller asks Better Auth, which refreshes, clears dead cookies and sets headers as it does.
 */
export async function readSession(c: Context<AppEnv>): Promise<{ viewer: Viewer; menu: AccountMenu } | null> {
  const secret = c.env.BETTER_AUTH_SECRET;
  const signed = getCookie(c, COOKIE) ?? getCookie(c, `__Secure-${COOKIE}`);
  if (!secret || !signed) return null;
  const token = await verifiedToken(signed, secret);
  if (!token) return null;
  const { db, config, now: clock } = c.get("deps");
  const who = sql`(select lower(${user.email}) from ${session} inner join ${user} on ${user.id} = ${session.userId} where ${session.token} = ${token})`;
  const slug = slugOf(c.req.path);
  const spaceSlug = slug ? spaceSlugOf(c.req.path) : null;
  const communityId = slug ? db.select({ id: communities.id }).from(communities).where(eq(communities.slug, slug)) : null;
  const [found, staffRows, memberRows, applicationRows, ...rest] = await db.batch([
    db
      .select({ expiresAt: session.expiresAt, userId: user.id, email: user.email, name: user.name })
      .from(session)
      .innerJoin(user, eq(user.id, session.userId))
      .where(eq(session.token, token))
      .limit(1),
    ...placesReads(db, who),
    ...(slug ? communityAccessReads(db, slug, who) : []),
    // A space's pages read the space, the rules and the person's mute with the session too.
    ...(communityId && spaceSlug ? spaceReads(db, communityId, spaceSlug, who, clock()) : []),
  ]);
  const communityReads = 1 + ACCESS_QUERY_COUNT;
  const communityRows = rest.slice(0, slug ? communityReads : 0);
  const spaceRows = slug && spaceSlug ? (rest.slice(communityReads, communityReads + 3) as unknown as SpaceRows) : null;
  const row = found[0];
  const now = Date.now();
  if (!row || row.expiresAt.getTime() <= now) return null;
  const dueForRefresh = row.expiresAt.getTime() - SESSION_DAYS * 86_400_000 + SESSION_UPDATE_AGE_SECONDS * 1000 <= now;
  if (dueForRefresh) return null;
  const email = row.email.toLowerCase();
  if (slug) prefetched.set(c, { slug, rows: communityRows as unknown as CommunityAccessRows, space: spaceSlug && spaceRows ? { slug: spaceSlug, rows: spaceRows } : null });
  return { viewer: { userId: row.userId, email, name: row.name }, menu: placesFrom(config, email, [staffRows, memberRows, applicationRows] as Parameters<typeof placesFrom>[2]) };
}

const prefetched = new WeakMap<Context, { slug: string; rows: CommunityAccessRows; space: { slug: string; rows: SpaceRows } | null }>();

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

/** The token in a signed cookie value ("<token>.<base64 HMAC>"), or null when the signature is not ours. */
async function verifiedToken(value: string, secret: string): Promise<string | null> {
  const dot = value.lastIndexOf(".");
  if (dot < 1) return null;
  const token = value.slice(0, dot);
  const signature = value.slice(dot + 1);
  if (signature.length !== 44 || !signature.endsWith("=")) return null;
  try {
    const bytes = Uint8Array.from(atob(signature), (ch) => ch.charCodeAt(0));
    const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
    return (await crypto.subtle.verify("HMAC", key, bytes, new TextEncoder().encode(token))) ? token : null;
  } catch {
    return null;
  }
}
