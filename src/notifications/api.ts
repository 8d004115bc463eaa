import * as z from "zod/mini";
import { createRoute, createApiRouter, errorResponses, jsonBody, jsonContent, staffSecurity } from "../api/openapi";
import type { Context } from "hono";
import { signedIn } from "../api/access";
import { SlugParams } from "../api/schemas";
import type { AppEnv } from "../app-env";
import { communityAccess } from "../auth/community-access";
import { ensurePrefs, setActivityMode } from "../content/prefs";
import type { Config } from "../env";
import { EmailPreferenceSchema, NotificationListQuery, NotificationListSchema, NotificationParams, NotificationSchema } from "./api-schemas";
import { listNotifications, markAllRead, openNotification, refuseWithoutAccess, type NotificationView } from "./queries";
import { lazyFields } from "../lib/lazy-fields";

/** The caller's notifications and their email choice under /api/v1, with the same access as the page. */

const tags = ["Notifications"];

const view = (config: Pick<Config, "appUrl">, n: NotificationView): z.input<typeof NotificationSchema> => ({
  id: n.id,
  kind: n.kind,
  text: n.text,
  excerpt: n.excerpt,
  space: n.spaceName,
  url: `${config.appUrl}${n.path}`,
  createdAt: n.createdAt.toISOString(),
  readAt: n.readAt?.toISOString() ?? null,
});

/** The signed-in caller, refused unless a member with access or staff of the community. */
async function caller(c: Context<AppEnv>) {
  const { community, access } = await communityAccess(c, c.req.param("slug") ?? "");
  refuseWithoutAccess(access);
  c.header("Cache-Control", "private, no-store");
  return { deps: c.get("deps"), community, access };
}

const route = <R extends Parameters<typeof createRoute>[0]>(r: R) => createRoute({ tags, security: staffSecurity, middleware: signedIn, ...r });

const listRoute = route({
  method: "get",
  path: "/communities/{slug}/notifications",
  summary: "The caller's notifications, newest first (members with access and staff)",
  description: "Only notifications whose post is still visible in a space the caller may read. Page with `nextBefore`.",
  request: { params: SlugParams, query: NotificationListQuery },
  responses: { 200: jsonContent(NotificationListSchema, "One page"), ...errorResponses(400, 401, 403, 404) },
});

const readRoute = route({
  method: "post",
  path: "/communities/{slug}/notifications/{id}/read",
  summary: "Mark one notification read",
  request: { params: NotificationParams },
  responses: { 200: jsonContent(NotificationSchema, "The notification, read"), ...errorResponses(400, 401, 403, 404) },
});

const readAllRoute = route({
  method: "post",
  path: "/communities/{slug}/notifications/read-all",
  summary: "Mark all the caller's notifications read",
  request: { params: SlugParams },
  responses: { 200: jsonContent(z.object(lazyFields({ marked: () => z.number().check(z.int()) })), "How many were unread"), ...errorResponses(400, 401, 403, 404) },
});

const getEmailRoute = route({
  method: "get",
  path: "/communities/{slug}/notifications/email",
  summary: "The caller's email choice for notifications",
  request: { params: SlugParams },
  responses: { 200: jsonContent(EmailPreferenceSchema, "The choice"), ...errorResponses(400, 401, 403, 404) },
});

const setEmailRoute = route({
  method: "put",
  path: "/communities/{slug}/notifications/email",
  summary: "Set the caller's email choice for notifications: each, daily digest, or off",
  request: { params: SlugParams, body: jsonBody(EmailPreferenceSchema) },
  responses: { 200: jsonContent(EmailPreferenceSchema, "The choice saved"), ...errorResponses(400, 401, 403, 404, 415) },
});

export const notificationsApi = createApiRouter()
  .openapi(listRoute, async (c) => {
    const { deps, community, access } = await caller(c);
    const q = c.req.valid("query");
    const list = await listNotifications(deps, community, access, { before: q.before, limit: q.limit });
    return c.json({ items: list.items.map((n) => view(deps.config, n)), unread: list.unread, nextBefore: list.nextBefore }, 200);
  })
  .openapi(readRoute, async (c) => {
    const { deps, community, access } = await caller(c);
    return c.json(view(deps.config, await openNotification(deps, community, access, c.req.valid("param").id)), 200);
  })
  .openapi(readAllRoute, async (c) => {
    const { deps, community, access } = await caller(c);
    return c.json({ marked: await markAllRead(deps, community.id, access.email) }, 200);
  })
  .openapi(getEmailRoute, async (c) => {
    const { deps, community, access } = await caller(c);
    return c.json({ activity: (await ensurePrefs(deps, community.id, access.email)).activityMode }, 200);
  })
  .openapi(setEmailRoute, async (c) => {
    const { deps, community, access } = await caller(c);
    return c.json({ activity: (await setActivityMode(deps, community.id, access.email, c.req.valid("json").activity)).activityMode }, 200);
  });
