import { Hono, type Context } from "hono";
import type { AppEnv } from "../app-env";
import { loadAdmin, OWNERS_ONLY, type AdminContext } from "../communities/admin-context";
import { formText, readForm, validate } from "../communities/forms";
import { AppError } from "../lib/errors";
import { enqueueTo } from "../lib/queue";
import { page } from "../ui/layout";
import { ExportsPage } from "./exports-page";
import { exportFiltersSchema, FIELD_LABELS } from "./schemas";
import { getMembersExport, listCommunityTiers, listMembersExports, membersCsvHeaders, membersExportDownload, requestMembersExport } from "./service";

/**
 * The owner's members CSV: asked for with a form, written in the background (src/members/exports.ts),
 * downloaded from the exports page. Owners only, as every export is: the rights are checked on
 * each request, the download included, and an export is found only within its own community.
 */
export const memberExportRoutes = new Hono<AppEnv>();

const exportsPath = (slug: string) => `/c/${slug}/admin/members/exports`;

memberExportRoutes.post("/c/:slug/admin/members/exports", async (c) => {
  const admin = await loadAdmin(c, OWNERS_ONLY);
  const form = await readForm(c);
  const parsed = validate(exportFiltersSchema, { tierId: formText(form, "tierId"), status: formText(form, "status") }, {});
  if (!parsed.ok) return renderExports(c, admin, Object.entries(parsed.errors).map(([f, m]) => `${FIELD_LABELS[f] ?? f}: ${m}`).join(" "), 400);
  try {
    const { tierId, status } = parsed.value;
    const filters = { tierId: tierId || undefined, status: status || undefined };
    const exp = await requestMembersExport(c.get("deps"), c.env.FILES, admin.community, admin.viewer.email, filters, enqueueTo(c.env.JOBS));
    // A small export is written already: the browser downloads it and stays on the page it was on.
    const base = exportsPath(admin.community.slug);
    return c.redirect(exp.status === "ready" ? `${base}/${exp.id}/download` : base, 303);
  } catch (e) {
    if (!(e instanceof AppError) || e.status !== 400) throw e;
    return renderExports(c, admin, (e.details ?? []).map((d) => d.message).join(" ") || e.message, 400);
  }
});

memberExportRoutes.get("/c/:slug/admin/members/exports", async (c) => renderExports(c, await loadAdmin(c, OWNERS_ONLY)));

memberExportRoutes.get("/c/:slug/admin/members/exports/:id/download", async (c) => {
  const admin = await loadAdmin(c, OWNERS_ONLY);
  const exp = await getMembersExport(c.get("deps").db, admin.community.id, c.req.param("id").slice(0, 64));
  return c.body(membersExportDownload(c.env.FILES, exp), 200, membersCsvHeaders(admin.community.slug));
});

async function renderExports(c: Context<AppEnv>, admin: AdminContext, error: string | null = null, status: 200 | 400 = 200) {
  const db = c.get("deps").db;
  const [exports, tiers] = await Promise.all([listMembersExports(db, admin.community.id), listCommunityTiers(db, admin.community.id)]);
  return c.html(page(<ExportsPage community={admin.community} role={admin.role} exports={exports} tiers={tiers} error={error} />), status);
}
