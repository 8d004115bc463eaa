import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { insiderAccess, periodOf } from "./access";
import { leaderboard } from "./leaderboard";
import { renderLeaderboard } from "./leaderboard-page";

/** /c/:slug/leaderboard for members with access and staff. */
export const honourRoutes = new Hono<AppEnv>();

honourRoutes.get("/c/:slug/leaderboard", async (c) => {
  const { deps, community, access } = await insiderAccess(c);
  const period = periodOf(c.req.query("period"));
  c.header("Cache-Control", "private, no-store");
  return c.html(renderLeaderboard({ community, board: await leaderboard(deps.db, community, period, access.email) }));
});
