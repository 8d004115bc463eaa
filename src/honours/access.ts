import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import { communityAccess } from "../auth/community-access";
import { requireViewer } from "../auth/session";
import { AppError } from "../lib/errors";
import { PERIODS, type Period } from "./leaderboard";

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
