import { Hono, type Context } from "hono";
import type { Space } from "../../drizzle";
import type { AppEnv } from "../app-env";
import { flashFor, loadAdmin, OWNERS_ONLY, type AdminContext } from "../communities/admin-context";
import { formText, readForm, toFieldErrors, validate, type FieldErrors } from "../communities/forms";
import { AppError } from "../lib/errors";
import { listTiers } from "../tiers/service";
import { page } from "../ui/layout";
import { emptySpaceValues, readSpaceForm, SPACE_FIELD_RENAME, spaceInputOf, spaceValuesOf, type SpaceFormValues } from "./admin-form";
import { SpaceFormPage, SpacesAdminPage, spacesAdminBase } from "./admin-pages";
import { spaceInputSchema } from "./space-schemas";
import { allSpacesQuery, createSpace, getSpaceById, setSpaceArchived, updateSpace } from "./service";

const FLASH = { created: "Space created.", saved: "Space saved.", archived: "Space archived: members no longer see it.", restored: "Space restored." };

/** Owners create, change, order and archive spaces. Moderators moderate posts but do not shape the rooms. */
export const spaceAdminRoutes = new Hono<AppEnv>();

async function renderForm(c: Context<AppEnv>, admin: AdminContext, values: SpaceFormValues, errors: FieldErrors, status: 200 | 400, space?: Space) {
  const tiers = await listTiers(c.get("deps").db, admin.community.id);
  return c.html(page(<SpaceFormPage community={admin.community} role={admin.role} tiers={tiers} values={values} errors={errors} space={space} flash={status === 200 ? flashFor(c, FLASH) : null} />), status);
}

/** Saves through `write`; a refusal naming fields shows the form again with them. */
async function save(c: Context<AppEnv>, admin: AdminContext, write: (raw: unknown) => Promise<Space>, space?: Space) {
  const values = readSpaceForm(await readForm(c));
  const { raw, errors } = spaceInputOf(values);
  const checked = validate(spaceInputSchema, raw, errors, SPACE_FIELD_RENAME);
  if (!checked.ok) return renderForm(c, admin, values, checked.errors, 400, space);
  try {
    const saved = await write(raw);
    return c.redirect(`${spacesAdminBase(admin.community)}/${saved.id}?done=${space ? "saved" : "created"}`, 303);
  } catch (err) {
    if (!(err instanceof AppError) || !err.details?.length) throw err;
    return renderForm(c, admin, values, toFieldErrors(err.details, SPACE_FIELD_RENAME), 400, space);
  }
}

spaceAdminRoutes.get("/c/:slug/admin/spaces", async (c) => {
  const admin = await loadAdmin(c, OWNERS_ONLY);
  const db = c.get("deps").db;
  const [spaces, tiers] = await Promise.all([allSpacesQuery(db, admin.community.id), listTiers(db, admin.community.id)]);
  return c.html(page(<SpacesAdminPage community={admin.community} role={admin.role} spaces={spaces} tiers={tiers} flash={flashFor(c, FLASH)} />));
});

spaceAdminRoutes.get("/c/:slug/admin/spaces/new", async (c) => {
  const admin = await loadAdmin(c, OWNERS_ONLY);
  const spaces = await allSpacesQuery(c.get("deps").db, admin.community.id);
  return renderForm(c, admin, emptySpaceValues(spaces.length), {}, 200);
});

spaceAdminRoutes.post("/c/:slug/admin/spaces/new", async (c) => {
  const admin = await loadAdmin(c, OWNERS_ONLY);
  return save(c, admin, (raw) => createSpace(c.get("deps"), admin.community.id, raw));
});

spaceAdminRoutes.get("/c/:slug/admin/spaces/:id", async (c) => {
  const admin = await loadAdmin(c, OWNERS_ONLY);
  const space = await getSpaceById(c.get("deps").db, admin.community.id, c.req.param("id"));
  return renderForm(c, admin, spaceValuesOf(space), {}, 200, space);
});

spaceAdminRoutes.post("/c/:slug/admin/spaces/:id", async (c) => {
  const admin = await loadAdmin(c, OWNERS_ONLY);
  const space = await getSpaceById(c.get("deps").db, admin.community.id, c.req.param("id"));
  return save(c, admin, (raw) => updateSpace(c.get("deps"), admin.community.id, space.id, raw), space);
});

spaceAdminRoutes.post("/c/:slug/admin/spaces/:id/archive", async (c) => {
  const admin = await loadAdmin(c, OWNERS_ONLY);
  const archived = formText(await readForm(c), "archived") !== "0";
  const space = await setSpaceArchived(c.get("deps"), admin.community.id, c.req.param("id"), archived);
  return c.redirect(`${spacesAdminBase(admin.community)}/${space.id}?done=${archived ? "archived" : "restored"}`, 303);
});
