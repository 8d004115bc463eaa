import { and, eq, isNull } from "drizzle-orm";
import type { Context } from "hono";
import { deleteCookie, getCookie } from "hono/cookie";
import { communities, referralLinks, type Community, type ReferralLink } from "../../drizzle";
import type { AppEnv } from "../app-env";
import type { Deps } from "../env";
import { AppError } from "../lib/errors";
import { newSecretToken } from "../lib/ids";
import { accessFor } from "../memberships/access";
import { linkToken } from "./schemas";
import { setOwnCookie } from "../lib/cookies";

export const REFERRAL_COOKIE = "th_ref";
const THIRTY_DAYS = 30 * 24 * 60 * 60;

/** A member in good standing or grace may invite; a lapsed, removed or banned one may not. */
async function assertMayInvite(deps: Deps, community: Community, email: string): Promise<void> {
  const access = await accessFor(deps, community, email, deps.now());
  const m = access.membership;
  if (access.banned || !m || m.status === "incomplete" || access.standing === "lapsed") {
    throw new AppError(410, "not_found", `The member who shared this link is no longer in ${community.name}`);
  }
}

/** The member's live link, made on first ask (racing first asks share one: the partial unique index). */
export async function linkFor(deps: Deps, community: Community, email: string): Promise<ReferralLink> {
  const who = email.toLowerCase();
  const access = await accessFor(deps, community, who, deps.now());
  if (access.banned || !access.membership || access.membership.status === "incomplete") throw AppError.forbidden("Only members have an invitation link");
  const live = () => deps.db.query.referralLinks.findFirst({ where: and(eq(referralLinks.communityId, community.id), eq(referralLinks.email, who), isNull(referralLinks.revokedAt)) });
  const found = await live();
  if (found) return found;
  await deps.db
    .insert(referralLinks)
    .values({ id: `rfl_${newSecretToken().slice(0, 20)}`, communityId: community.id, email: who, token: newSecretToken(), createdAt: deps.now() })
    .onConflictDoNothing();
  return (await live())!;
}

/** Withdraws the member's link: it stops attributing at once; a new one can be made afterwards. */
export async function revokeLink(deps: Deps, community: Community, email: string): Promise<boolean> {
  const done = await deps.db
    .update(referralLinks)
    .set({ revokedAt: deps.now() })
    .where(and(eq(referralLinks.communityId, community.id), eq(referralLinks.email, email.toLowerCase()), isNull(referralLinks.revokedAt)))
    .returning({ id: referralLinks.id });
  return done.length > 0;
}

export function linkUrl(deps: Pick<Deps, "config">, link: Pick<ReferralLink, "token">): string {
  return `${deps.config.appUrl}/r/${link.token}`;
}

/**
 * The link behind a token, if it still invites: unknown → 404; withdrawn, or its member no longer
 * in the community → 410 with the reason, so the visitor knows why no offer follows.
 */
export async function resolveLink(deps: Deps, token: string): Promise<{ link: ReferralLink; community: Community }> {
  if (!linkToken.safeParse(token).success) throw AppError.notFound("Invitation link");
  // The link and its community by the token, in one round trip (two statements: a join would mix their same-named columns).
  const [links, owners] = await deps.db.batch([
    deps.db.select().from(referralLinks).where(eq(referralLinks.token, token)).limit(1),
    deps.db
      .select()
      .from(communities)
      .where(eq(communities.id, deps.db.select({ id: referralLinks.communityId }).from(referralLinks).where(eq(referralLinks.token, token))))
      .limit(1),
  ]);
  const found = links[0] && owners[0] ? { link: links[0], community: owners[0] } : null;
  if (!found) throw AppError.notFound("Invitation link");
  if (found.link.revokedAt) throw new AppError(410, "not_found", "This invitation link was withdrawn by the member who shared it");
  await assertMayInvite(deps, found.community, found.link.email);
  return found;
}

/** Remembers the link on this browser (first-party, HttpOnly, like the visitor id); the newest link wins. */
export function rememberLink(c: Context<AppEnv>, link: ReferralLink): void {
  setOwnCookie(c, REFERRAL_COOKIE, link.token, "/", THIRTY_DAYS);
}

export function forgetLink(c: Context<AppEnv>): void {
  deleteCookie(c, REFERRAL_COOKIE, { path: "/" });
}

/**
 * The link this visitor came through, if it still invites to `community`; a stale one is
 * forgotten (the visitor then sees and pays the ordinary price).
 */
export async function arrivedThrough(c: Context<AppEnv>, community: Community): Promise<ReferralLink | null> {
  const token = getCookie(c, REFERRAL_COOKIE);
  if (!token) return null;
  try {
    const { link } = await resolveLink(c.get("deps"), token);
    if (link.communityId === community.id) return link;
    return null; // a link to another community: kept for that one
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    forgetLink(c);
    return null;
  }
}
