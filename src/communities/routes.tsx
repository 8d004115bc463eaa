import { Hono, type Context } from "hono";
import type { AppEnv } from "../app-env";
import { page } from "../ui/layout";
import { AppError } from "../lib/errors";
import { flashFor, loadAdmin, OWNERS_ONLY, type AdminContext } from "./admin-context";
import { readForm, type FieldErrors } from "./forms";
import { launchChecklist, publishCommunity } from "./launch";
import { LaunchPage } from "./launch-page";
import { operatorRoutes } from "./operator-routes";
import { SettingsPage, type SettingsValues } from "./pages";
import { questionRoutes } from "./question-routes";
import { updateCommunity } from "./service";
import { parseSettings, readSettingsForm, settingsValuesOf } from "./settings-form";
import { staffRoutes } from "./staff-routes";

const FLASH = { saved: "Settings saved." };
const LAUNCH_FLASH = {
  created: "Community created as a draft. Work through the checklist, then publish it.",
  published: "Published: the landing page is live and people can apply.",
};

/** Owner pages of a community (settings, questions, staff) and the operator's community list. */
export const communityAdminRoutes = new Hono<AppEnv>();

function renderSettings(c: Context<AppEnv>, admin: AdminContext, values: SettingsValues, errors?: FieldErrors) {
  const flash = errors ? null : flashFor(c, FLASH);
  return c.html(
    page(<SettingsPage community={admin.community} role={admin.role} values={values} errors={errors} flash={flash} />),
    errors ? 400 : 200,
  );
}

communityAdminRoutes.get("/c/:slug/admin/settings", async (c) => {
  const admin = await loadAdmin(c, OWNERS_ONLY);
  return renderSettings(c, admin, settingsValuesOf(admin.community));
});

communityAdminRoutes.post("/c/:slug/admin/settings", async (c) => {
  const admin = await loadAdmin(c, OWNERS_ONLY);
  const values = readSettingsForm(await readForm(c));
  const parsed = parseSettings(values, admin.community);
  if (!parsed.ok) return renderSettings(c, admin, values, parsed.errors);
  await updateCommunity(c.get("deps"), admin.community.id, parsed.value);
  return c.redirect(`/c/${admin.community.slug}/admin/settings?done=saved`, 303);
});

communityAdminRoutes.get("/c/:slug/admin/launch", async (c) => {
  const admin = await loadAdmin(c);
  const items = await launchChecklist(c.get("deps").db, admin.community);
  return c.html(page(<LaunchPage community={admin.community} role={admin.role} items={items} flash={flashFor(c, LAUNCH_FLASH)} />));
});

// A refused publish leaves the browser on /publish; opening that address again shows the checklist.
communityAdminRoutes.get("/c/:slug/admin/publish", (c) => c.redirect(`/c/${encodeURIComponent(c.req.param("slug"))}/admin/launch`, 303));

communityAdminRoutes.post("/c/:slug/admin/publish", async (c) => {
  const admin = await loadAdmin(c, OWNERS_ONLY);
  try {
    await publishCommunity(c.get("deps"), admin.community);
  } catch (err) {
    if (!(err instanceof AppError) || err.status !== 409) throw err;
    const items = await launchChecklist(c.get("deps").db, admin.community);
    return c.html(page(<LaunchPage community={admin.community} role={admin.role} items={items} refused />), 409);
  }
  return c.redirect(`/c/${admin.community.slug}/admin/launch?done=published`, 303);
});

communityAdminRoutes.route("/", questionRoutes);
communityAdminRoutes.route("/", staffRoutes);
communityAdminRoutes.route("/", operatorRoutes);
