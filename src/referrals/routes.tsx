import { Hono, type Context } from "hono";
import type { AppEnv } from "../app-env";
import { communityAccess } from "../auth/community-access";
import { requireViewer } from "../auth/session";
import { flashFor } from "../communities/admin-context";
import { AppError } from "../lib/errors";
import { displayNames } from "../profiles/names";
import { linkFor, linkUrl, rememberLink, resolveLink, revokeLink } from "./links";
import { renderMemberReferrals } from "./member-page";
import { programOf } from "./program";
import { memberReferrals } from "./queries";

const MEMBER_FLASH = { made: "Your invitation link is ready to share.", revoked: "Your link was withdrawn. Make a new one whenever you like." };

/** The signed-in member of the community named by `:slug` (anyone with a live membership). */
async function loadMember(c: Context<AppEnv>) {
  const { community, access } = await communityAccess(c, c.req.param("slug") ?? "");
  const viewer = await requireViewer(c);
  if (!access?.membership || access.banned || access.membership.status === "incomplete") throw AppError.forbidden(`Only members of ${community.name} can invite friends`);
  return { deps: c.get("deps"), community, email: viewer.email.toLowerCase() };
}

/** Members' invitation links and referrals, and the shared link itself (the owners' settings: admin-routes.tsx). */
export const referralRoutes = new Hono<AppEnv>()
  // The shared link: remembered on this browser (first-party cookie), then the landing page.
  .get("/r/:token", async (c) => {
    const { link, community } = await resolveLink(c.get("deps"), c.req.param("token"));
    rememberLink(c, link);
    return c.redirect(`/c/${community.slug}`, 303);
  })
  .get("/c/:slug/referrals", async (c) => {
    const { deps, community, email } = await loadMember(c);
    const [mine, program] = await Promise.all([memberReferrals(deps.db, community.id, email), programOf(deps.db, community.id)]);
    const names = await displayNames(deps.db, community, mine.referrals.map((r) => r.referredEmail));
    c.header("Cache-Control", "private, no-store");
    const url = mine.link ? linkUrl(deps, mine.link) : null;
    return c.html(renderMemberReferrals({ community, linkUrl: url, program: program ?? null, referrals: mine.referrals, totals: mine.totals, names, flash: flashFor(c, MEMBER_FLASH) }));
  })
  .post("/c/:slug/referrals/link", async (c) => {
    const { deps, community, email } = await loadMember(c);
    await linkFor(deps, community, email);
    return c.redirect(`/c/${community.slug}/referrals?done=made`, 303);
  })
  .post("/c/:slug/referrals/revoke", async (c) => {
    const { deps, community, email } = await loadMember(c);
    await revokeLink(deps, community, email);
    return c.redirect(`/c/${community.slug}/referrals?done=revoked`, 303);
  });
