import { Hono, type Context } from "hono";
import { and, asc, eq, isNull } from "drizzle-orm";
import { tiers } from "../../drizzle";
import type { AppEnv } from "../app-env";
import { flashFor, loadAdmin, OWNERS_ONLY, type AdminContext } from "../communities/admin-context";
import { formText, parseMajorAmount, parseOptionalInt, readForm, toFieldErrors, validate } from "../communities/forms";
import { AppError, type FieldIssue } from "../lib/errors";
import { renderCodesPage, type CodesPageProps } from "./admin-page";
import { createPromotionCode, deactivatePromotionCode, listPromotionCodes, promotionCodeOf } from "./codes";
import { promotionCodeCreateSchema } from "./schemas";

const FLASH = { created: "Code created.", stopped: "Code stopped: nobody can use it any more." };
const FIELDS = ["code", "target", "percentOff", "amountOff", "expiresAt", "maxRedemptions", "firstTimeOnly"] as const;

async function renderCodes(c: Context<AppEnv>, admin: AdminContext, extra: Pick<CodesPageProps, "values" | "errors" | "error"> = {}, status: 200 | 400 | 409 = 200) {
  const db = c.get("deps").db;
  const [codes, tierRows] = await db.batch([
    listPromotionCodes(db, admin.community.id),
    db.select().from(tiers).where(and(eq(tiers.communityId, admin.community.id), isNull(tiers.archivedAt))).orderBy(asc(tiers.rank)),
  ]);
  const flash = status === 200 ? flashFor(c, FLASH) : null;
  return c.html(renderCodesPage({ community: admin.community, role: admin.role, codes, tiers: tierRows, flash, ...extra }), status);
}

/** The form's text as the API's input: amounts in major units, the end of the chosen day as the expiry. */
function readCodeForm(values: Record<string, string>, currency: string) {
  const errors: FieldIssue[] = [];
  const int = (name: string) => {
    const r = parseOptionalInt(values[name] ?? "");
    if ("error" in r) errors.push({ field: name, message: r.error });
    return "value" in r ? r.value : null;
  };
  let amountOff: number | null = null;
  if (values.amountOff?.trim()) {
    const r = parseMajorAmount(values.amountOff, currency);
    if ("error" in r) errors.push({ field: "amountOff", message: r.error.replace("Fee", "Amount") });
    else amountOff = r.amount;
  }
  let expiresAt: Date | null = null;
  if (values.expiresAt?.trim()) {
    expiresAt = /^\d{4}-\d{2}-\d{2}$/.test(values.expiresAt) ? new Date(`${values.expiresAt}T23:59:59Z`) : null;
    if (!expiresAt || Number.isNaN(expiresAt.getTime())) errors.push({ field: "expiresAt", message: "Enter a date" });
  }
  const [target, tierId] = (values.target ?? "").split(":");
  const input = { code: values.code ?? "", target, tierId: tierId ?? null, percentOff: int("percentOff"), amountOff, expiresAt, maxRedemptions: int("maxRedemptions"), firstTimeOnly: values.firstTimeOnly === "on" };
  return { input, errors };
}

export const promotionRoutes = new Hono<AppEnv>()
  .get("/c/:slug/admin/codes", async (c) => renderCodes(c, await loadAdmin(c, OWNERS_ONLY)))
  .post("/c/:slug/admin/codes", async (c) => {
    const admin = await loadAdmin(c, OWNERS_ONLY);
    const form = await readForm(c);
    const values = Object.fromEntries(FIELDS.map((k) => [k, formText(form, k)]));
    const { input, errors } = readCodeForm(values, admin.community.currency);
    const parsed = validate(promotionCodeCreateSchema, input, toFieldErrors(errors));
    if (!parsed.ok) return renderCodes(c, admin, { values, errors: parsed.errors }, 400);
    try {
      await createPromotionCode(c.get("deps"), admin.community, parsed.value, admin.viewer.email);
    } catch (err) {
      if (err instanceof AppError && (err.status === 400 || err.status === 409)) return renderCodes(c, admin, { values, errors: toFieldErrors(err.details ?? []), error: err.message }, err.status);
      throw err;
    }
    return c.redirect(`/c/${admin.community.slug}/admin/codes?done=created`, 303);
  })
  .post("/c/:slug/admin/codes/:id/stop", async (c) => {
    const admin = await loadAdmin(c, OWNERS_ONLY);
    const deps = c.get("deps");
    await deactivatePromotionCode(deps, await promotionCodeOf(deps.db, admin.community.id, c.req.param("id")));
    return c.redirect(`/c/${admin.community.slug}/admin/codes?done=stopped`, 303);
  });
