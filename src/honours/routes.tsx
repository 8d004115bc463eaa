import { Hono, type Context } from "hono";
import type { AppEnv } from "../app-env";
import { communityAccess } from "../auth/community-access";
import { requireViewer } from "../auth/session";
import { AppError } from "../lib/errors";
import { leaderboard, PERIODS, type Period } from "./leaderboard";
import { renderLeaderboard } from "./leaderboard-page";

/** /c/:slug/leaderboard for members with access and staff. */
export const honourRoutes = new Hono<AppEnv>();

/** The `period` query value, defaulting to 30 days; anything else is a 400 naming it. */
export function periodOf(raw: string | undefined): Period {
  if (raw === undefined || raw === "") return "30d";
  if ((PERIODS as readonly string[]).includes(raw)) return raw as Period;
  throw AppError.validation([{ field: "period", message: `Choose one of: ${PERIODS.join(", ")}` }]);
}

/** Members with access and staff; everyone else (visitors, lapsed, removed, banned) is refused. */
export async function insiderAccess(c: Context<AppEnv>) {
  await requireViewer(c);
  const { community, access } = await communityAccess(c, c.req.param("slug") ?? "");
  if (!access?.email || access.role === "none") throw AppError.forbidden("Only members and staff of this community see its leaderboard");
  return { deps: c.get("deps"), community, access: access as typeof access & { email: string } };
}

honourRoutes.get("/c/:slug/leaderboard", async (c) => {
  const { deps, community, access } = await insiderAccess(c);
  const period = periodOf(c.req.query("period"));
  c.header("Cache-Control", "private, no-store");
  return c.html(renderLeaderboard({ community, board: await leaderboard(deps.db, community, period, access.email) }));
});
