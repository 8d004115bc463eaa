import { Hono, type Context } from "hono";
import type { AppEnv } from "../app-env";
import { communityAccess } from "../auth/community-access";
import { requireViewer } from "../auth/session";
import { prefsQuery } from "../content/prefs";
import { renderNotifications } from "./pages";
import { listNotifications, markAllRead, openNotification, refuseWithoutAccess } from "./queries";

/**
 * /c/:slug/notifications: the list, opening one (marks it read, then on to its thread), and
 * "mark all read". Members with access and staff only; the email choice itself is saved by the
 * member home form (POST /c/:slug/notifications, src/content/member-routes.tsx).
 */
export const notificationRoutes = new Hono<AppEnv>();

async function viewerAccess(c: Context<AppEnv>) {
  await requireViewer(c);
  const { community, access } = await communityAccess(c, c.req.param("slug") ?? "");
  refuseWithoutAccess(access);
  c.header("Cache-Control", "private, no-store");
  return { deps: c.get("deps"), community, access };
}

notificationRoutes.get("/c/:slug/notifications", async (c) => {
  const { deps, community, access } = await viewerAccess(c);
  // The page, what it shows and the email choice: one batch after the session's.
  const list = await listNotifications(deps, community, access, { before: c.req.query("before"), alongside: [prefsQuery(deps.db, community.id, access.email)] });
  const [pref] = list.alongside[0] as Awaited<ReturnType<typeof prefsQuery>>;
  const marked = c.req.query("marked");
  return c.html(renderNotifications({ community, ...list, mode: pref?.activityMode ?? "each", marked: marked && /^\d{1,6}$/.test(marked) ? Number(marked) : undefined }));
});

notificationRoutes.get("/c/:slug/notifications/:id{ntf_[0-9a-z]{20}}", async (c) => {
  const { deps, community, access } = await viewerAccess(c);
  const view = await openNotification(deps, community, access, c.req.param("id"));
  return c.redirect(view.path, 303);
});

notificationRoutes.post("/c/:slug/notifications/read-all", async (c) => {
  const { deps, community, access } = await viewerAccess(c);
  const marked = await markAllRead(deps, community.id, access.email);
  return c.redirect(`/c/${community.slug}/notifications?marked=${marked}`, 303);
});
