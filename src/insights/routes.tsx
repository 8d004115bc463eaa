import { Hono, type Context } from "hono";
import type { AppEnv } from "../app-env";
import { flashFor, loadAdmin, OWNERS_ONLY, canManage } from "../communities/admin-context";
import { formText, readForm } from "../communities/forms";
import { AppError } from "../lib/errors";
import { parseOrThrow } from "../lib/validation";
import { page } from "../ui/layout";
import { nudgeMember } from "./nudge";
import { InsightsPage } from "./page";
import { reportFor } from "./report-request";
import { savePlan } from "./plan";
import { nudgeSchema, planSchema } from "./schemas";
import { buildTables, MONEY_TABLES, TABLE_KEYS, tableCsv, type TableKey } from "./tables";

/** The Insights page (staff; money for owners only), its CSV exports, and the owner's nudge. */
export const insightsRoutes = new Hono<AppEnv>();

const FLASH = { nudged: "Nudge sent.", planned: "Content plan saved." };

const queryOf = (c: Context<AppEnv>) => ({ from: c.req.query("from"), to: c.req.query("to"), tier: c.req.query("tier") });

insightsRoutes.get("/c/:slug/admin/insights", async (c) => {
  const admin = await loadAdmin(c);
  const report = await reportFor(c, admin, queryOf(c));
  return c.html(page(<InsightsPage community={admin.community} role={admin.role} report={report} flash={flashFor(c, FLASH)} />));
});

insightsRoutes.get("/c/:slug/admin/insights/export/:file", async (c) => {
  const admin = await loadAdmin(c);
  const key = (c.req.param("file") ?? "").replace(/\.csv$/, "") as TableKey;
  if (!TABLE_KEYS.includes(key)) throw AppError.notFound("Table");
  if (MONEY_TABLES.includes(key) && !canManage(admin.role)) throw AppError.forbidden("Only owners see money figures");
  const report = await reportFor(c, admin, queryOf(c));
  return c.body(tableCsv(buildTables(report)[key]), 200, {
    "content-type": "text/csv; charset=utf-8",
    "content-disposition": `attachment; filename="${admin.community.slug}-${key}-${report.query.from}-${report.query.to}.csv"`,
    "cache-control": "no-store",
  });
});

insightsRoutes.post("/c/:slug/admin/insights/nudge", async (c) => {
  const admin = await loadAdmin(c, OWNERS_ONLY);
  const { member } = parseOrThrow(nudgeSchema, { member: formText(await readForm(c), "member") });
  await nudgeMember(c.get("deps"), admin.community, member);
  return c.redirect(`/c/${admin.community.slug}/admin/insights?done=nudged#at-risk`, 303);
});

insightsRoutes.post("/c/:slug/admin/insights/plan", async (c) => {
  const admin = await loadAdmin(c, OWNERS_ONLY);
  const form = await readForm(c);
  const plan = parseOrThrow(planSchema, { target: formText(form, "target"), period: formText(form, "period") });
  await savePlan(c.get("deps"), admin.community.id, plan);
  return c.redirect(`/c/${admin.community.slug}/admin/insights?done=planned#cadence`, 303);
});
