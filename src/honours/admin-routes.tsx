import { Hono, type Context } from "hono";
import { eq } from "drizzle-orm";
import { tiers as tiersTable } from "../../drizzle";
import type { AppEnv } from "../app-env";
import { flashFor, loadAdmin, OWNERS_ONLY, type AdminContext } from "../communities/admin-context";
import { formText, readForm, toFieldErrors, type FormBody } from "../communities/forms";
import { AppError } from "../lib/errors";
import { displayNamesFrom, displayNamesQuery } from "../profiles/names";
import { page } from "../ui/layout";
import { HonoursAdminPage, levelFormValues, type HonoursAdminProps } from "./admin-page";
import { awardBadge, recentBadgesQuery, removeBadge } from "./badges";
import { candidatesQuery, targetTierOf } from "./candidates";
import { levelsFrom, levelsQuery, MAX_LEVELS, saveLevels } from "./levels";

/** /c/:slug/admin/honours (owners): rising members, badges, levels. Forms post back and redirect. */
export const honourAdminRoutes = new Hono<AppEnv>();

const FLASH = { levels: "Levels saved; every member's level follows.", badge: "Badge given.", unbadged: "Badge taken back." };
const BASE = "/c/:slug/admin/honours";

type Extra = Partial<Pick<HonoursAdminProps, "levels" | "badge" | "error">>;

async function render(c: Context<AppEnv>, admin: AdminContext, extra: Extra = {}, status: 200 | 400 | 404 | 409 = 200) {
  const db = c.get("deps").db;
  const id = admin.community.id;
  const [tierRows, levelRows, badges] = await db.batch([db.select().from(tiersTable).where(eq(tiersTable.communityId, id)).orderBy(tiersTable.rank), levelsQuery(db, id), recentBadgesQuery(db, id)]);
  const target = targetTierOf(tierRows, c.req.query("tier"));
  const candidates = target ? await candidatesQuery(db, id, target) : [];
  const emails = [...new Set([...candidates.map((m) => m.email), ...badges.map((b) => b.email)])];
  const names = displayNamesFrom(emails.length ? await displayNamesQuery(db, id, emails) : [], admin.community, emails);
  const props: HonoursAdminProps = {
    community: admin.community,
    role: admin.role,
    tiers: tierRows,
    target,
    candidates,
    badges,
    names,
    levels: extra.levels ?? { values: levelFormValues(levelsFrom(levelRows)), errors: {} },
    badge: extra.badge ?? { values: { email: "", name: "" }, errors: {} },
    flash: status === 200 ? flashFor(c, FLASH) : null,
    error: extra.error ?? null,
  };
  return c.html(page(<HonoursAdminPage {...props} />), status);
}

/** The rows the owner filled in (empty rows end the list of levels). */
function levelRowsOf(form: FormBody) {
  const values = Array.from({ length: MAX_LEVELS }, (_, i) => ({ minPoints: formText(form, `points_${i}`).trim(), name: formText(form, `name_${i}`) }));
  const filled = values.filter((v) => v.minPoints !== "" || v.name.trim() !== "");
  const errors: Record<string, string> = {};
  const levels = filled.map((v, i) => {
    if (!/^\d{1,8}$/.test(v.minPoints)) errors[`levels.${i}.minPoints`] = "Give the points as a whole number";
    return { minPoints: Number(v.minPoints), name: v.name };
  });
  return { values, levels, errors };
}

function refusal(e: unknown): { status: 400 | 404 | 409; message: string; errors: Record<string, string> } {
  if (!(e instanceof AppError) || ![400, 404, 409].includes(e.status)) throw e;
  return { status: e.status as 400 | 404 | 409, message: e.message, errors: e.details ? toFieldErrors(e.details) : {} };
}

honourAdminRoutes.get(BASE, async (c) => render(c, await loadAdmin(c, OWNERS_ONLY)));

honourAdminRoutes.post(`${BASE}/levels`, async (c) => {
  const admin = await loadAdmin(c, OWNERS_ONLY);
  const { values, levels, errors } = levelRowsOf(await readForm(c));
  try {
    if (Object.keys(errors).length) throw AppError.validation(Object.entries(errors).map(([field, message]) => ({ field, message })));
    await saveLevels(c.get("deps"), admin.community.id, { levels });
  } catch (e) {
    const shown = refusal(e);
    return render(c, admin, { levels: { values, errors: shown.errors }, error: shown.message }, shown.status);
  }
  return c.redirect(`/c/${admin.community.slug}/admin/honours?done=levels`, 303);
});

honourAdminRoutes.post(`${BASE}/badges`, async (c) => {
  const admin = await loadAdmin(c, OWNERS_ONLY);
  const form = await readForm(c);
  const values = { email: formText(form, "email"), name: formText(form, "name") };
  try {
    await awardBadge(c.get("deps"), admin.community.id, values, admin.viewer.email);
  } catch (e) {
    const shown = refusal(e);
    return render(c, admin, { badge: { values, errors: shown.errors }, error: shown.message }, shown.status);
  }
  return c.redirect(`/c/${admin.community.slug}/admin/honours?done=badge`, 303);
});

honourAdminRoutes.post(`${BASE}/badges/:id/remove`, async (c) => {
  const admin = await loadAdmin(c, OWNERS_ONLY);
  await removeBadge(c.get("deps").db, admin.community.id, c.req.param("id").slice(0, 64));
  return c.redirect(`/c/${admin.community.slug}/admin/honours?done=unbadged`, 303);
});
