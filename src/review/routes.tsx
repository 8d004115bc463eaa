import { Hono, type Context } from "hono";
import type { AppEnv } from "../app-env";
import { loadAdmin, type AdminContext } from "../communities/admin-context";
import { formText, readForm } from "../communities/forms";
import { AppError } from "../lib/errors";
import { page } from "../ui/layout";
import { applicationRoutes } from "./application-routes";
import { bulkResultParams, bulkSummary } from "./bulk";
import { decideMany, DECISIONS, type Decision } from "./decisions";
import { parseQueueFilters, toQueueFilter } from "./filters";
import { QueuePage, queueQuery, type QueueFilters } from "./pages";
import { countByStatusQuery, countsFrom, queuePageFrom, queuePageQuery } from "./queue";

/** The most applications one bulk action may name: one full page of the queue. */
const MAX_BULK = 200;
const MAX_REASON = 2000;

/** Staff review: the queue with filters and bulk decisions, and each application's page. */
export const reviewRoutes = new Hono<AppEnv>();

reviewRoutes.get("/c/:slug/admin", (c) => c.redirect(`/c/${c.req.param("slug")}/admin/applications`, 303));

async function renderQueue(
  c: Context<AppEnv>,
  admin: AdminContext,
  filters: QueueFilters,
  notice: { flash?: string | null; error?: string; selectAll?: boolean },
) {
  const { db } = c.get("deps");
  const filter = toQueueFilter(filters);
  // The page and the tab counts in one round trip.
  const [rows, countRows] = await db.batch([queuePageQuery(db, admin.community.id, filter), countByStatusQuery(db, admin.community.id)]);
  const queue = queuePageFrom(filter, rows);
  const counts = countsFrom(countRows);
  return c.html(
    page(<QueuePage community={admin.community} role={admin.role} filters={filters} counts={counts} items={queue.items} nextCursor={queue.nextCursor} {...notice} />),
    notice.error ? 400 : 200,
  );
}

reviewRoutes.get("/c/:slug/admin/applications", async (c) => {
  const admin = await loadAdmin(c);
  const params = new URL(c.req.url).searchParams;
  const { filters, issues } = parseQueueFilters(params);
  if (issues.length) throw AppError.validation(issues);
  const flash = await bulkSummary(c.get("deps").db, admin.community.id, params);
  return renderQueue(c, admin, filters, { flash, selectAll: params.get("select") === "all" });
});

reviewRoutes.post("/c/:slug/admin/applications/bulk", async (c) => {
  const admin = await loadAdmin(c);
  const form = await readForm(c);
  // Back to the view the reviewer came from, rebuilt from valid filters only.
  const { filters } = parseQueueFilters(new URLSearchParams(formText(form, "back")));
  const ids = (form.ids ?? []).map((id) => id.trim()).filter(Boolean);
  const action = formText(form, "action");
  const reason = formText(form, "reason").trim();
  const problem = !DECISIONS.includes(action as Decision)
    ? "Choose an action: approve, reject or waitlist."
    : ids.length === 0
      ? "Select at least one application."
      : ids.length > MAX_BULK
        ? `Select at most ${MAX_BULK} applications at a time.`
        : reason.length > MAX_REASON
          ? `The reason must be at most ${MAX_REASON} characters.`
          : null;
  if (problem) return renderQueue(c, admin, filters, { error: problem });
  const results = await decideMany(c.get("deps"), admin.community, ids, action as Decision, reason || null, admin.viewer.email);
  const query = new URLSearchParams(queueQuery(filters, { cursor: "" }));
  for (const [key, value] of bulkResultParams(action as Decision, results)) query.append(key, value);
  return c.redirect(`/c/${admin.community.slug}/admin/applications?${query}`, 303);
});

reviewRoutes.route("/", applicationRoutes);
