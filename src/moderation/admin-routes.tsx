import { postJobs } from "../spaces/posts";
import { Hono, type Context } from "hono";
import { STAFF_ROLES, type StaffRole } from "../../drizzle";
import type { AppEnv } from "../app-env";
import { flashFor, loadAdmin, OWNERS_ONLY, type AdminContext } from "../communities/admin-context";
import { formText, readForm, toFieldErrors, type FormBody } from "../communities/forms";
import { AppError } from "../lib/errors";
import type { ActionOutcome } from "../members/billing";
import { page } from "../ui/layout";
import { approvePost, banAuthor, keepPost, muteAuthor, removeAuthor, removePost, type Moderator } from "./actions";
import { moderationQueue } from "./queue";
import { QueuePage } from "./queue-page";
import { shownStatus } from "./refusals";
import { getRules, rulesOf, saveRules } from "./rules";
import { RULE_LABELS, RulesPage, type RuleField } from "./rules-page";

/** The moderation queue and rules (staff; rules and member removal owners only): the owners' Worker's. */
export const moderationAdminRoutes = new Hono<AppEnv>();

const FLASH = {
  approved: "Approved: the post is visible now.",
  kept: "Kept: its reports are closed.",
  removed: "Removed: the post is gone for everyone; its author sees your reason.",
  muted: "Author muted: they can read, but not post, reply, react or vote.",
  member_removed: "Member removed; their access has ended.",
  banned: "Banned; their access has ended.",
  unchanged: "Nothing to change: that was already done.",
  billing_failed: "Done, and access has ended, but Stripe could not finish; retry from the member's page.",
  saved: "Rules saved.",
};
type Done = keyof typeof FLASH;

interface ActionSpec {
  roles: readonly StaffRole[];
  done: Done;
  run: (c: Context<AppEnv>, by: Moderator, postId: string, form: FormBody) => Promise<ActionOutcome>;
}

/** "" -> null (no end); digits -> a number; anything else NaN, which the schema names. */
const days = (text: string) => (text.trim() === "" ? null : /^\d{1,4}$/.test(text.trim()) ? Number(text.trim()) : Number.NaN);

const ACTIONS: Record<string, ActionSpec> = {
  approve: { roles: STAFF_ROLES, done: "approved", run: (c, by, id) => approvePost(c.get("deps"), postJobs(c.env), by, id) },
  keep: { roles: STAFF_ROLES, done: "kept", run: (c, by, id) => keepPost(c.get("deps"), by, id) },
  remove: { roles: STAFF_ROLES, done: "removed", run: (c, by, id, f) => removePost(c.get("deps"), by, id, { reason: formText(f, "reason") }) },
  mute: { roles: STAFF_ROLES, done: "muted", run: (c, by, id, f) => muteAuthor(c.get("deps"), by, id, { reason: formText(f, "reason"), days: days(formText(f, "days")) }) },
  "remove-member": { roles: OWNERS_ONLY, done: "member_removed", run: (c, by, id, f) => removeAuthor(c.get("deps"), by, id, formText(f, "reason")) },
  ban: { roles: OWNERS_ONLY, done: "banned", run: (c, by, id, f) => banAuthor(c.get("deps"), by, id, formText(f, "reason")) },
};

const queuePath = (admin: AdminContext) => `/c/${admin.community.slug}/admin/moderation`;

async function renderQueue(c: Context<AppEnv>, admin: AdminContext, error: string | null = null, status: 200 | 400 | 404 | 409 = 200) {
  const cursors = { reported: c.req.query("reported")?.slice(0, 100), held: c.req.query("held")?.slice(0, 100) };
  const queue = await moderationQueue(c.get("deps").db, admin.community.id, { reportedCursor: cursors.reported, heldCursor: cursors.held });
  c.header("Cache-Control", "private, no-store");
  return c.html(page(<QueuePage community={admin.community} role={admin.role} queue={queue} cursors={cursors} flash={status === 200 ? flashFor(c, FLASH) : null} error={error} />), status);
}

const FIELD_LABELS: Record<string, string> = { reason: "Reason", days: "Days" };

/** A refusal as one line for the top of the queue, naming each bad field. */
const refusalText = (e: AppError) => (e.details?.length ? e.details.map((d) => `${FIELD_LABELS[d.field] ?? d.field}: ${d.message}`).join(" · ") : e.message);


moderationAdminRoutes.get("/c/:slug/admin/moderation", async (c) => renderQueue(c, await loadAdmin(c)));

moderationAdminRoutes.post("/c/:slug/admin/moderation/posts/:id/:action", async (c) => {
  const action = c.req.param("action");
  if (!Object.hasOwn(ACTIONS, action)) throw AppError.notFound(`POST ${c.req.path}`);
  const spec = ACTIONS[action]!;
  const admin = await loadAdmin(c, spec.roles);
  const form = await readForm(c);
  try {
    const outcome = await spec.run(c, { community: admin.community, email: admin.viewer.email }, c.req.param("id"), form);
    const done: Done = outcome.billing?.error ? "billing_failed" : outcome.changed ? spec.done : "unchanged";
    return c.redirect(`${queuePath(admin)}?done=${done}`, 303);
  } catch (e) {
    const status = shownStatus(e);
    return renderQueue(c, admin, refusalText(e as AppError), status === 400 ? 400 : 409);
  }
});

// --- The owner's rules --------------------------------------------------------------------------

const RULE_FIELDS = Object.keys(RULE_LABELS) as RuleField[];

moderationAdminRoutes.get("/c/:slug/admin/moderation/rules", async (c) => {
  const admin = await loadAdmin(c, OWNERS_ONLY);
  const rules = rulesOf(await getRules(c.get("deps").db, admin.community.id));
  const values = Object.fromEntries(RULE_FIELDS.map((f) => [f, String(rules[f])])) as Record<RuleField, string>;
  return c.html(page(<RulesPage community={admin.community} role={admin.role} values={values} flash={flashFor(c, FLASH)} />));
});

moderationAdminRoutes.post("/c/:slug/admin/moderation/rules", async (c) => {
  const admin = await loadAdmin(c, OWNERS_ONLY);
  const form = await readForm(c);
  const values = Object.fromEntries(RULE_FIELDS.map((f) => [f, formText(form, f).slice(0, 20)])) as Record<RuleField, string>;
  // Whole numbers only; anything else reaches the schema as NaN and is named there.
  const numbers = Object.fromEntries(RULE_FIELDS.map((f) => [f, /^\s*\d{1,6}\s*$/.test(values[f]) ? Number(values[f]) : Number.NaN]));
  try {
    await saveRules(c.get("deps"), admin.community.id, numbers, admin.viewer.email);
  } catch (e) {
    if (!(e instanceof AppError) || e.status !== 400) throw e;
    return c.html(page(<RulesPage community={admin.community} role={admin.role} values={values} errors={toFieldErrors(e.details ?? [])} />), 400);
  }
  return c.redirect(`${queuePath(admin)}/rules?done=saved`, 303);
});
