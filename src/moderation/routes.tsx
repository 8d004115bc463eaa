import { postJobs } from "../spaces/posts";
import { Hono, type Context } from "hono";
import { STAFF_ROLES, type StaffRole } from "../../drizzle";
import type { AppEnv } from "../app-env";
import { communityAccess } from "../auth/community-access";
import { requireViewer } from "../auth/session";
import { flashFor, loadAdmin, OWNERS_ONLY, type AdminContext } from "../communities/admin-context";
import { formText, readForm, toFieldErrors, type FormBody } from "../communities/forms";
import type { Deps } from "../env";
import { AppError } from "../lib/errors";
import type { ActionOutcome } from "../members/billing";
import { page } from "../ui/layout";
import { approvePost, banAuthor, keepPost, muteAuthor, removeAuthor, removePost, type Moderator } from "./actions";
import { displayNamesQuery, nameLookup } from "../profiles/names";
import { moderationQueue } from "./queue";
import { readablePost, reportPost, type ReadablePost } from "./reports";
import { ReportPage } from "./report-page";
import { QueuePage } from "./queue-page";
import { getRules, rulesOf, saveRules } from "./rules";
import { RULE_LABELS, RulesPage, type RuleField } from "./rules-page";

/** The moderation queue and rules (staff; rules and member removal owners only) and members' report form. */
export const moderationRoutes = new Hono<AppEnv>();

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

/** A refusal the page shows in place (bad reason, already removed...); anything else goes to the error handler. */
function shownStatus(e: unknown): 400 | 403 | 409 | 429 {
  if (e instanceof AppError && [400, 403, 409, 429].includes(e.status)) return e.status as 400 | 403 | 409 | 429;
  throw e;
}

moderationRoutes.get("/c/:slug/admin/moderation", async (c) => renderQueue(c, await loadAdmin(c)));

moderationRoutes.post("/c/:slug/admin/moderation/posts/:id/:action", async (c) => {
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

moderationRoutes.get("/c/:slug/admin/moderation/rules", async (c) => {
  const admin = await loadAdmin(c, OWNERS_ONLY);
  const rules = rulesOf(await getRules(c.get("deps").db, admin.community.id));
  const values = Object.fromEntries(RULE_FIELDS.map((f) => [f, String(rules[f])])) as Record<RuleField, string>;
  return c.html(page(<RulesPage community={admin.community} role={admin.role} values={values} flash={flashFor(c, FLASH)} />));
});

moderationRoutes.post("/c/:slug/admin/moderation/rules", async (c) => {
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

// --- Members' reports ---------------------------------------------------------------------------

/** The signed-in person (else off to sign in) and their access to the community: who reports. */
async function reporter(c: Context<AppEnv>) {
  await requireViewer(c);
  const { community, access } = await communityAccess(c, c.req.param("slug") ?? "");
  return { deps: c.get("deps") as Deps, community, access: access! };
}
type Reporter = Awaited<ReturnType<typeof reporter>>;

interface ReportView {
  reason?: string;
  errors?: Record<string, string>;
  error?: string;
  done?: boolean;
}

async function renderReport(c: Context<AppEnv>, { deps, community }: Reporter, found: ReadablePost, view: ReportView, status: 200 | 400 | 403 | 409 | 429 = 200) {
  const names = nameLookup(await displayNamesQuery(deps.db, community.id, [found.post.authorEmail]), community.id);
  c.header("Cache-Control", "private, no-store");
  return c.html(page(<ReportPage community={community} space={found.space} post={found.post} author={names(found.post.authorEmail)} {...view} />), status);
}

/** Files the report; a refusal is shown on the report page with what to fix. */
async function fileReport(c: Context<AppEnv>, who: Reporter, found: ReadablePost, reason: string, success: string) {
  try {
    await reportPost(who.deps, who.community, who.access, found.post.id, { reason });
  } catch (e) {
    const status = shownStatus(e);
    const err = e as AppError;
    return renderReport(c, who, found, { reason, errors: status === 400 ? toFieldErrors(err.details ?? []) : {}, error: status === 400 ? undefined : err.message }, status);
  }
  return c.redirect(success, 303);
}

moderationRoutes.get("/c/:slug/report/:postId", async (c) => {
  const who = await reporter(c);
  const found = await readablePost(who.deps.db, who.community.id, who.access, c.req.param("postId"));
  return renderReport(c, who, found, { done: c.req.query("done") === "reported" });
});

moderationRoutes.post("/c/:slug/report/:postId", async (c) => {
  const who = await reporter(c);
  const found = await readablePost(who.deps.db, who.community.id, who.access, c.req.param("postId"));
  const reason = formText(await readForm(c), "reason");
  return fileReport(c, who, found, reason, `/c/${who.community.slug}/report/${found.post.id}?done=reported`);
});

/** The thread page's report form: `post_id` (the thread or one of its replies) and `reason`. */
moderationRoutes.post("/c/:slug/s/:space/t/:threadId/report", async (c) => {
  const who = await reporter(c);
  const form = await readForm(c);
  const found = await readablePost(who.deps.db, who.community.id, who.access, formText(form, "post_id"));
  const threadId = c.req.param("threadId");
  if (found.space.slug !== c.req.param("space") || (found.post.id !== threadId && found.post.parentId !== threadId)) throw AppError.notFound("Post");
  const anchor = found.post.parentId ? `#p-${found.post.id}` : "";
  return fileReport(c, who, found, formText(form, "reason"), `/c/${who.community.slug}/s/${found.space.slug}/t/${threadId}?reported=${found.post.id}${anchor}`);
});
