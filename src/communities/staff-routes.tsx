import { Hono, type Context } from "hono";
import * as z from "zod/mini";
import "../lib/zod-messages";
import { STAFF_ROLES } from "../../drizzle";
import type { AppEnv } from "../app-env";
import { AppError } from "../lib/errors";
import { page } from "../ui/layout";
import { flashFor, loadAdmin, OWNERS_ONLY, type AdminContext } from "./admin-context";
import { formText, readForm, validate } from "./forms";
import { assignStaffRole, listStaff, removeStaff } from "./service";
import { StaffPage, type StaffPageProps } from "./staff-page";
// Object schemas are built on first use (z.lazy), not while a new isolate starts: README, "Cold start".

const FLASH = { saved: "Staff member saved.", removed: "Staff member removed." };

const staffSchema = z.lazy(() =>
  z.strictObject({
    email: z.pipe(z.string().check(z.trim(), z.toLowerCase()), z.email("Enter an email address like name@example.com")),
    role: z.enum(STAFF_ROLES, { error: "Role must be moderator or owner" }),
  }),
);

/** Owners add moderators and owners by email, change roles and remove staff. */
export const staffRoutes = new Hono<AppEnv>();

type Extra = Pick<StaffPageProps, "values" | "errors" | "error">;

async function renderStaff(c: Context<AppEnv>, admin: AdminContext, extra: Extra = {}, status: 200 | 400 | 409 = 200) {
  const staff = await listStaff(c.get("deps").db, admin.community.id);
  const flash = status === 200 ? flashFor(c, FLASH) : null;
  return c.html(page(<StaffPage community={admin.community} role={admin.role} staff={staff} flash={flash} {...extra} />), status);
}

const done = (admin: AdminContext, code: keyof typeof FLASH) => `/c/${admin.community.slug}/admin/staff?done=${code}`;

staffRoutes.get("/c/:slug/admin/staff", async (c) => renderStaff(c, await loadAdmin(c, OWNERS_ONLY)));

staffRoutes.post("/c/:slug/admin/staff", async (c) => {
  const admin = await loadAdmin(c, OWNERS_ONLY);
  const form = await readForm(c);
  const values = { email: formText(form, "email"), role: formText(form, "role") };
  const parsed = validate(staffSchema, values, {});
  if (!parsed.ok) return renderStaff(c, admin, { values, errors: parsed.errors }, 400);
  try {
    await assignStaffRole(c.get("deps"), admin.community.id, parsed.value.email, parsed.value.role);
  } catch (e) {
    if (e instanceof AppError && e.status === 409) return renderStaff(c, admin, { values, error: e.message }, 409);
    throw e;
  }
  return c.redirect(done(admin, "saved"), 303);
});

staffRoutes.post("/c/:slug/admin/staff/remove", async (c) => {
  const admin = await loadAdmin(c, OWNERS_ONLY);
  const email = formText(await readForm(c), "email");
  try {
    await removeStaff(c.get("deps").db, admin.community.id, email.trim());
  } catch (e) {
    if (e instanceof AppError && e.status === 409) return renderStaff(c, admin, { error: e.message }, 409);
    throw e;
  }
  return c.redirect(done(admin, "removed"), 303);
});
