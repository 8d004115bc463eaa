import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env";
import { accountMenuOf, getViewer } from "./session";

/** Paths that answer JSON, feeds or redirects only: no page, so no menu to load. */
const NO_PAGE = /^\/(api|webhooks|healthz|signout)(\/|$)|\/feed\//;

/**
 * Loads the signed-in person's account menu before a page handler runs, so every page's top bar
 * can say who is signed in and where they belong (the Layout reads it from context storage).
 * Anonymous requests cost nothing: `getViewer` only queries when a session cookie or token is sent,
 * and a cookie session reads the menu in the same batch as the session.
 */
export const loadAccountMenu = createMiddleware<AppEnv>(async (c, next) => {
  if (!NO_PAGE.test(c.req.path)) {
    const viewer = await getViewer(c);
    if (viewer) c.set("accountMenu", await accountMenuOf(c, viewer));
  }
  await next();
});
