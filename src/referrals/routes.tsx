import { Hono, type Context } from "hono";
import type { AppEnv } from "../app-env";
import { communityAccess } from "../auth/community-access";
import { requireViewer } from "../auth/session";
import { flashFor, loadAdmin, OWNERS_ONLY, type AdminContext } from "../communities/admin-context";
import { formText, parseMajorAmount, parseOptionalInt, readForm, toFieldErrors, validate, type FormBody } from "../communities/forms";
import { AppError, type FieldIssue } from "../lib/errors";
import { displayNames } from "../profiles/names";
import { renderReferralAdmin } from "./admin-page";
import { linkFor, linkUrl, rememberLink, resolveLink, revokeLink } from "./links";
import { renderMemberReferrals } from "./member-page";
import { programOf, saveProgram } from "./program";
import { memberReferrals, referralLeaderboard } from "./queries";
import { referralProgramSchema } from "./schemas";

const MEMBER_FLASH = { made: "Your invitation link is ready to share.", revoked: "Your link was withdrawn. Make a new one whenever you like." };

/** The signed-in member of the community named by `:slug` (anyone with a live membership). */
async function loadMember(c: Context<AppEnv>) {
  const { community, access } = await communityAccess(c, c.req.param("slug") ?? "");
  const viewer = await requireViewer(c);
  if (!access?.membership || access.banned || access.membership.status === "incomplete") throw AppError.forbidden(`Only members of ${community.name} can invite friends`);
  return { deps: c.get("deps"), community, email: viewer.email.toLowerCase() };
}

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

export const referralRoutes = new Hono<AppEnv>()
  // The shared link: remembered on this browser (first-party cookie), then the landing page.
  .get("/r/:token", async (c) => {
    const { link, community } = await resolveLink(c.get("deps"), c.req.param("token"));
    rememberLink(c, link);
    return c.redirect(`/c/${community.slug}`, 303);
  })
  .get("/c/:slug/referrals", async (c) => {
    const { deps, community, email } = await loadMember(c);
    const [mine, program] = await Promise.all([memberReferrals(deps.db, community.id, email), programOf(deps.db, community.id)]);
    const names = await displayNames(deps.db, community, mine.referrals.map((r) => r.referredEmail));
    c.header("Cache-Control", "private, no-store");
    const url = mine.link ? linkUrl(deps, mine.link) : null;
    return c.html(renderMemberReferrals({ community, linkUrl: url, program: program ?? null, referrals: mine.referrals, totals: mine.totals, names, flash: flashFor(c, MEMBER_FLASH) }));
  })
  .post("/c/:slug/referrals/link", async (c) => {
    const { deps, community, email } = await loadMember(c);
    await linkFor(deps, community, email);
    return c.redirect(`/c/${community.slug}/referrals?done=made`, 303);
  })
  .post("/c/:slug/referrals/revoke", async (c) => {
    const { deps, community, email } = await loadMember(c);
    await revokeLink(deps, community, email);
    return c.redirect(`/c/${community.slug}/referrals?done=revoked`, 303);
  })
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
