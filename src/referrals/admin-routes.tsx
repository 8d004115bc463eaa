import { Hono, type Context } from "hono";
import type { AppEnv } from "../app-env";
import { flashFor, loadAdmin, OWNERS_ONLY, type AdminContext } from "../communities/admin-context";
import { formText, parseMajorAmount, parseOptionalInt, readForm, toFieldErrors, validate, type FormBody } from "../communities/forms";
import { AppError, type FieldIssue } from "../lib/errors";
import { displayNames } from "../profiles/names";
import { renderReferralAdmin } from "./admin-page";
import { programOf, saveProgram } from "./program";
import { referralLeaderboard } from "./queries";
import { referralProgramSchema } from "./schemas";

async function renderAdmin(c: Context<AppEnv>, admin: AdminContext, extra: { values?: Record<string, string>; errors?: Record<string, string> } = {}, status: 200 | 400 = 200) {
  const db = c.get("deps").db;
  const [program, board] = await Promise.all([programOf(db, admin.community.id), referralLeaderboard(db, admin.community.id)]);
  const names = await displayNames(db, admin.community, board.leaders.map((l) => l.email));
  const flash = status === 200 ? flashFor(c, { saved: "Referral offer saved." }) : null;
  return c.html(renderReferralAdmin({ community: admin.community, role: admin.role, program: program ?? null, ...board, names, flash, ...extra }), status);
}

/** The admin form's fields as the program schema's input; amounts typed in major units. */
function readProgramForm(form: FormBody, currency: string): { input: Record<string, unknown>; errors: FieldIssue[] } {
  const errors: FieldIssue[] = [];
  const int = (name: string) => {
    const r = parseOptionalInt(formText(form, name));
    if ("error" in r) errors.push({ field: name, message: r.error });
    return "value" in r ? r.value : null;
  };
  const amountText = formText(form, "refereeAmountOff").trim();
  let amount: number | null = null;
  if (amountText) {
    const r = parseMajorAmount(amountText, currency);
    if ("error" in r) errors.push({ field: "refereeAmountOff", message: r.error.replace("Fee", "Amount").replace("a fee, or 0 for no fee", "an amount") });
    else amount = r.amount;
  }
  const input = {
    active: formText(form, "active") === "on",
    refereeTarget: formText(form, "refereeTarget"),
    refereePercentOff: int("refereePercentOff"),
    refereeAmountOff: amount,
    rewardKind: formText(form, "rewardKind"),
    rewardValue: int("rewardValue") ?? 0,
    refundWindowDays: int("refundWindowDays") ?? 30,
  };
  return { input, errors };
}

/** The owners' referral settings and leaderboard: the owners' Worker's. */
export const referralAdminRoutes = new Hono<AppEnv>()
  .get("/c/:slug/admin/referrals", async (c) => renderAdmin(c, await loadAdmin(c, OWNERS_ONLY)))
  .post("/c/:slug/admin/referrals", async (c) => {
    const admin = await loadAdmin(c, OWNERS_ONLY);
    const form = await readForm(c);
    const values = Object.fromEntries(["active", "refereeTarget", "refereePercentOff", "refereeAmountOff", "rewardKind", "rewardValue", "refundWindowDays"].map((k) => [k, formText(form, k)]));
    const { input, errors } = readProgramForm(form, admin.community.currency);
    const parsed = validate(referralProgramSchema, input, toFieldErrors(errors));
    if (!parsed.ok) return renderAdmin(c, admin, { values, errors: parsed.errors }, 400);
    try {
      await saveProgram(c.get("deps"), admin.community, parsed.value, admin.viewer.email);
    } catch (err) {
      if (err instanceof AppError && err.status === 400 && err.details) return renderAdmin(c, admin, { values, errors: toFieldErrors(err.details) }, 400);
      throw err;
    }
    return c.redirect(`/c/${admin.community.slug}/admin/referrals?done=saved`, 303);
  });
