import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import { canManage, type AdminContext } from "../communities/admin-context";
import { AppError } from "../lib/errors";
import { parseOrThrow } from "../lib/validation";
import { addDays, dayOf } from "./days";
import { loadInsights, type InsightsReport } from "./report";
import { insightsQuerySchema, resolveQuery } from "./schemas";

/**
 * The report a request's query asks for, on the Insights page and in the API; a bad range or an
 * unknown tier is a 400 naming the field.
 */
export async function reportFor(c: Context<AppEnv>, admin: AdminContext, raw: Record<string, string | undefined>): Promise<InsightsReport> {
  const deps = c.get("deps");
  const input = parseOrThrow(insightsQuerySchema, raw);
  const progress = await deps.db.query.insightProgress.findFirst({ where: (t, { eq }) => eq(t.communityId, admin.community.id) });
  const through = progress?.rolledThrough ?? addDays(dayOf(deps.now()), -1);
  const resolved = resolveQuery(input, through);
  if (!resolved.ok) throw AppError.validation([{ field: resolved.field, message: resolved.message }]);
  const report = await loadInsights(deps.db, admin.community, resolved.query, { money: canManage(admin.role), now: deps.now(), through });
  if (resolved.query.tierId && !report.tiers.some((t) => t.id === resolved.query.tierId)) throw AppError.validation([{ field: "tier", message: "No such tier in this community" }]);
  return report;
}
