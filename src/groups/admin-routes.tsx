import { desc, eq } from "drizzle-orm";
import { Hono, type Context } from "hono";
import { applicationGroups } from "../../drizzle";
import type { AppEnv } from "../app-env";
import { flashFor, loadAdmin, OWNERS_ONLY } from "../communities/admin-context";
import { formatMajorAmount, formText, parseMajorAmount, readForm } from "../communities/forms";
import { AppError } from "../lib/errors";
import { page } from "../ui/layout";
import { groupOfferOf, saveGroupOffer } from "./offer";
import { GroupAdminPage, offerValues } from "./pages";

const FLASH = { saved: "Group offer saved." };

async function adminPage(c: Context<AppEnv>, override?: { values: ReturnType<typeof offerValues>; errors: Record<string, string> }) {
  const admin = await loadAdmin(c, OWNERS_ONLY);
  const { db } = c.get("deps");
  const { community } = admin;
  const [offer, groups] = await Promise.all([
    groupOfferOf(db, community.id),
    db.select().from(applicationGroups).where(eq(applicationGroups.communityId, community.id)).orderBy(desc(applicationGroups.createdAt)).limit(20),
  ]);
  const values = override?.values ?? offerValues(offer, community, (a) => formatMajorAmount(a, community.currency));
  return c.html(page(<GroupAdminPage community={community} role={admin.role} values={values} groups={groups} errors={override?.errors} flash={flashFor(c, FLASH)} />), override ? 400 : 200);
}

/** The owners' group offer and its groups: the owners' Worker's. */
export const groupAdminRoutes = new Hono<AppEnv>()
  .get("/c/:slug/admin/groups", (c) => adminPage(c))
  .post("/c/:slug/admin/groups", async (c) => {
    const admin = await loadAdmin(c, OWNERS_ONLY);
    const form = await readForm(c);
    const community = admin.community;
    const values = { enabled: formText(form, "enabled") === "yes", size: formText(form, "size"), groupFee: formText(form, "groupFee"), hours: formText(form, "hours"), onUnfilled: formText(form, "onUnfilled") };
    const fee = parseMajorAmount(values.groupFee, community.currency);
    const errors: Record<string, string> = "error" in fee ? { groupFee: fee.error } : {};
    const whole = (s: string) => (/^\d{1,4}$/.test(s.trim()) ? Number(s) : Number.NaN);
    try {
      await saveGroupOffer(c.get("deps"), community, { enabled: values.enabled, size: whole(values.size), groupFee: "amount" in fee ? fee.amount : -1, hours: whole(values.hours), onUnfilled: values.onUnfilled });
    } catch (e) {
      if (!(e instanceof AppError) || e.status !== 400) throw e;
      for (const d of e.details ?? []) errors[d.field] ??= d.message;
    }
    if (Object.keys(errors).length) return adminPage(c, { values, errors });
    return c.redirect(`/c/${community.slug}/admin/groups?done=saved`, 303);
  });
