import { Hono, type Context } from "hono";
import type * as core from "zod/v4/core";
import type { AppEnv } from "../app-env";
import { flashFor, loadAdmin, OWNERS_ONLY, type AdminContext } from "../communities/admin-context";
import { formText, readForm, toFieldErrors, validate, type FieldErrors } from "../communities/forms";
import type { Deps } from "../env";
import { AppError } from "../lib/errors";
import { page } from "../ui/layout";
import { auditNames } from "./audit-names";
import { AuditPage } from "./audit-page";
import { memberExportRoutes } from "./export-routes";
import { MembersPage, type MembersPageProps } from "./list-page";
import { MemberPage, type MemberAction, type MemberPageProps } from "./member-page";
import { compSchema, memberFiltersSchema, moveSchema, reasonOnlySchema, removeSchema } from "./schemas";
import {
  banMember,
  compByEmail,
  demoteModerator,
  getMember,
  listAudit,
  listCommunityTiers,
  listMembers,
  moveToTier,
  promoteToModerator,
  removeMember,
  unban,
  type ActionOutcome,
  type MemberDetail,
} from "./service";

const FLASH = {
  promoted: "Promoted to moderator.",
  demoted: "Moderator role removed.",
  moved: "Moved to the new tier.",
  comped: "Comped membership saved.",
  removed: "Member removed; their access has ended.",
  banned: "Banned; their access has ended.",
  unbanned: "Ban lifted.",
  unchanged: "Nothing to change: that was already done.",
  billing_failed: "Done, and access has ended, but Stripe could not finish (see the audit log). Retry below to finish it at Stripe.",
};
type Done = keyof typeof FLASH;

/** Owner member management: moderators may look; owners and operators act. */
export const memberAdminRoutes = new Hono<AppEnv>();

// Before `/admin/members/:id`, which would otherwise take "exports" for a member's id.
memberAdminRoutes.route("/", memberExportRoutes);

memberAdminRoutes.get("/c/:slug/admin/members", async (c) => renderList(c, await loadAdmin(c)));


memberAdminRoutes.post("/c/:slug/admin/members/comp", async (c) => {
  const admin = await loadAdmin(c, OWNERS_ONLY);
  const form = await readForm(c);
  const values = { email: formText(form, "email"), tierId: formText(form, "tierId"), reason: formText(form, "reason") };
  const parsed = validate(compSchema, values, {});
  if (!parsed.ok) return renderList(c, admin, { comp: { values, errors: parsed.errors } }, 400);
  try {
    const v = parsed.value;
    const outcome = await compByEmail(c.get("deps"), admin.community, v.email, v.tierId, admin.viewer.email, v.reason);
    return c.redirect(`/c/${admin.community.slug}/admin/members/${outcome.membershipId}?done=${doneCode(outcome, "comped")}`, 303);
  } catch (e) {
    const shown = shownError(e);
    return renderList(c, admin, { comp: { values, errors: shown.errors }, error: shown.message }, shown.status);
  }
});

memberAdminRoutes.get("/c/:slug/admin/members/:id", async (c) => {
  const admin = await loadAdmin(c);
  return renderMember(c, admin, await getMember(c.get("deps").db, admin.community.id, c.req.param("id")));
});

memberAdminRoutes.post("/c/:slug/admin/members/:id/:action", async (c) => {
  const admin = await loadAdmin(c, OWNERS_ONLY);
  const action = c.req.param("action");
  if (!Object.hasOwn(ACTIONS, action)) throw AppError.notFound(`POST ${c.req.path}`);
  const spec = ACTIONS[action as MemberAction];
  const member = await getMember(c.get("deps").db, admin.community.id, c.req.param("id"));
  const form = await readForm(c);
  const values = { reason: formText(form, "reason"), tierId: formText(form, "tierId"), mode: formText(form, "mode"), refund: formText(form, "refund") };
  const parsed = validate(spec.schema, { ...values, refund: values.refund === "on" }, {});
  if (!parsed.ok) return renderMember(c, admin, member, { form: { action: action as MemberAction, values, errors: parsed.errors } }, 400);
  try {
    const outcome = await spec.run(c.get("deps"), admin, member, parsed.value as never);
    return c.redirect(`/c/${admin.community.slug}/admin/members/${member.membership.id}?done=${doneCode(outcome, spec.done)}`, 303);
  } catch (e) {
    const shown = shownError(e);
    return renderMember(c, admin, member, { form: { action: action as MemberAction, values, errors: shown.errors }, error: shown.message }, shown.status);
  }
});

memberAdminRoutes.get("/c/:slug/admin/audit", async (c) => {
  const admin = await loadAdmin(c, OWNERS_ONLY);
  const cursor = (c.req.query("cursor") ?? "").slice(0, 100);
  const { items, nextCursor } = await listAudit(c.get("deps").db, admin.community.id, { limit: 100, cursor });
  const names = await auditNames(c.get("deps").db, items);
  return c.html(page(<AuditPage community={admin.community} role={admin.role} items={items} names={names} cursor={cursor} nextCursor={nextCursor} />));
});

interface ActionSpec<S extends core.$ZodType> {
  schema: S;
  done: Done;
  run: (deps: Deps, admin: AdminContext, member: MemberDetail, v: core.output<S>) => Promise<ActionOutcome>;
}
const spec = <S extends core.$ZodType>(s: ActionSpec<S>) => s;

const ACTIONS: Record<MemberAction, ActionSpec<core.$ZodType>> = {
  promote: spec({ schema: reasonOnlySchema, done: "promoted", run: (d, a, m, v) => promoteToModerator(d, a.community, m.membership.email, a.viewer.email, v.reason) }),
  demote: spec({ schema: reasonOnlySchema, done: "demoted", run: (d, a, m, v) => demoteModerator(d, a.community, m.membership.email, a.viewer.email, v.reason) }),
  move: spec({
    schema: moveSchema,
    done: "moved",
    run: (d, a, m, v) => moveToTier(d, a.community, m.membership.id, v.tierId, { mode: v.mode }, a.viewer.email, v.reason),
  }),
  remove: spec({ schema: removeSchema, done: "removed", run: (d, a, m, v) => removeMember(d, a.community, m.membership.id, { refund: v.refund }, a.viewer.email, v.reason) }),
  ban: spec({ schema: reasonOnlySchema, done: "banned", run: (d, a, m, v) => banMember(d, a.community, m.membership.email, a.viewer.email, v.reason) }),
  unban: spec({ schema: reasonOnlySchema, done: "unbanned", run: (d, a, m, v) => unban(d, a.community, m.membership.email, a.viewer.email, v.reason) }),
} as Record<MemberAction, ActionSpec<core.$ZodType>>;

function doneCode(outcome: ActionOutcome, done: Done): Done {
  if (outcome.billing?.error) return "billing_failed";
  return outcome.changed ? done : "unchanged";
}

/** A refusal from the service, shown on the page: field problems next to their fields, conflicts on top. */
function shownError(e: unknown): { status: 400 | 403 | 404 | 409; message: string; errors: FieldErrors } {
  if (!(e instanceof AppError) || ![400, 403, 404, 409].includes(e.status)) throw e;
  return { status: e.status as 400 | 403 | 404 | 409, message: e.message, errors: e.details ? toFieldErrors(e.details) : {} };
}

async function renderList(c: Context<AppEnv>, admin: AdminContext, extra: Pick<MembersPageProps, "comp" | "error"> = {}, status: 200 | 400 | 403 | 404 | 409 = 200) {
  const filters = memberFiltersSchema.parse(c.req.query());
  const db = c.get("deps").db;
  const [tiers, { items, nextCursor }] = await Promise.all([
    listCommunityTiers(db, admin.community.id),
    listMembers(db, admin.community.id, { tierId: filters.tier || undefined, status: filters.status || undefined, q: filters.q || undefined, cursor: filters.cursor || undefined, limit: 50 }),
  ]);
  const flash = status === 200 ? flashFor(c, FLASH) : null;
  return c.html(
    page(<MembersPage community={admin.community} role={admin.role} filters={filters} tiers={tiers} items={items} nextCursor={nextCursor} flash={flash} {...extra} />),
    status,
  );
}

async function renderMember(c: Context<AppEnv>, admin: AdminContext, member: MemberDetail, extra: Pick<MemberPageProps, "form" | "error"> = {}, status: 200 | 400 | 403 | 404 | 409 = 200) {
  const tiers = await listCommunityTiers(c.get("deps").db, admin.community.id);
  const flash = status === 200 ? flashFor(c, FLASH) : null;
  return c.html(page(<MemberPage community={admin.community} role={admin.role} member={member} tiers={tiers} flash={flash} {...extra} />), status);
}
