import { asc, eq } from "drizzle-orm";
import { Hono, type Context } from "hono";
import { spaces, tiers } from "../../drizzle";
import type { AppEnv } from "../app-env";
import { flashFor, loadAdmin, OWNERS_ONLY } from "../communities/admin-context";
import { formText, readForm } from "../communities/forms";
import { AppError } from "../lib/errors";
import { parseOrThrow } from "../lib/validation";
import { page } from "../ui/layout";
import { PeopleSettingsPage } from "./people-admin";
import { peopleSettingsSchema, savePeopleSettings, settingsFrom, settingsQuery } from "./visibility";

/** The owner's directory settings (who appears, the introductions space), in the owners' Worker. */
export const peopleAdminRoutes = new Hono<AppEnv>();

const FLASH = { saved: "Directory settings saved." };

async function settingsPage(c: Context<AppEnv>, errors: Record<string, string> = {}, status: 200 | 400 = 200) {
  const admin = await loadAdmin(c, OWNERS_ONLY);
  const db = c.get("deps").db;
  const [settingsRows, tierRows, spaceRows] = await db.batch([
    settingsQuery(db, admin.community.id),
    db.select({ id: tiers.id, name: tiers.name, rank: tiers.rank }).from(tiers).where(eq(tiers.communityId, admin.community.id)).orderBy(asc(tiers.rank)),
    db.select({ id: spaces.id, name: spaces.name }).from(spaces).where(eq(spaces.communityId, admin.community.id)).orderBy(asc(spaces.position)),
  ]);
  const props = { ...admin, settings: settingsFrom(settingsRows), tiers: tierRows, spaces: spaceRows, errors, flash: flashFor(c, FLASH) };
  return c.html(page(<PeopleSettingsPage {...props} />), status);
}

peopleAdminRoutes.get("/c/:slug/admin/people", (c) => settingsPage(c));

peopleAdminRoutes.post("/c/:slug/admin/people", async (c) => {
  const admin = await loadAdmin(c, OWNERS_ONLY);
  const form = await readForm(c);
  // Both fields are always in the page's form; a body without them is not a choice of defaults.
  const field = (name: string) => (name in form ? formText(form, name) : undefined);
  try {
    await savePeopleSettings(c.get("deps"), admin.community.id, parseOrThrow(peopleSettingsSchema, { minRank: field("minRank"), introSpaceId: field("introSpaceId") }));
  } catch (err) {
    if (!(err instanceof AppError) || !err.details?.length) throw err;
    return settingsPage(c, Object.fromEntries(err.details.map((d) => [d.field, d.message])), 400);
  }
  return c.redirect(`/c/${admin.community.slug}/admin/people?done=saved`, 303);
});
