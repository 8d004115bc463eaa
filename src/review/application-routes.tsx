import { Hono, type Context } from "hono";
import type { AppEnv } from "../app-env";
import { applicationTimeline, getApplication } from "../applications/service";
import { flashFor, loadAdmin, type AdminContext } from "../communities/admin-context";
import { formText, readForm } from "../communities/forms";
import { questionsById } from "../communities/service";
import { AppError } from "../lib/errors";
import { page } from "../ui/layout";
import { ApplicationPage, type ApplicationPageProps } from "./application-page";
import { addNote, decideApplication, DECISIONS, listNotes, type Decision } from "./decisions";
import { DECISION_LABELS, holdWarning } from "./describe";
import { parseQueueFilters, toQueueFilter } from "./filters";
import { queueQuery } from "./pages";
import { queueNeighbours } from "./queue";

const MAX_REASON = 2000;

const FLASH = {
  approved: "Approved. The applicant has been emailed.",
  rejected: "Rejected. The applicant has been emailed.",
  waitlisted: "Waitlisted. The applicant has been emailed.",
  unchanged: "Nothing changed: the application already had that decision.",
  noted: "Note added.",
};

/** One application: answers, payment, notes, timeline, and the decision forms. */
export const applicationRoutes = new Hono<AppEnv>();

/** The application, if it belongs to this community; another community's id is simply not found. */
async function loadApplication(c: Context<AppEnv>, admin: AdminContext) {
  const app = await getApplication(c.get("deps").db, c.req.param("id") ?? "");
  if (app.communityId !== admin.community.id) throw AppError.notFound("Application");
  return app;
}

type Extra = Pick<ApplicationPageProps, "error" | "note">;

async function renderApplication(c: Context<AppEnv>, admin: AdminContext, extra: Extra = {}, status: 200 | 400 | 409 = 200) {
  const deps = c.get("deps");
  const app = await loadApplication(c, admin);
  // The queue's filters ride along in the address, so next and previous stay within the same view.
  const { filters } = parseQueueFilters(new URL(c.req.url).searchParams);
  const [questions, notes, timeline, neighbours] = await Promise.all([
    questionsById(deps.db, admin.community.id),
    listNotes(deps, app.id),
    applicationTimeline(deps.db, app.id),
    queueNeighbours(deps.db, admin.community.id, app, toQueueFilter(filters)),
  ]);
  const props: ApplicationPageProps = {
    community: admin.community,
    role: admin.role,
    app,
    questions,
    notes,
    timeline,
    holdWarning: holdWarning(app, deps.now(), deps.config.holdWarningHours),
    neighbours,
    queueQuery: queueQuery({ ...filters, cursor: "" }),
    flash: status === 200 ? flashFor(c, FLASH) : null,
    ...extra,
  };
  return c.html(page(<ApplicationPage {...props} />), status);
}

const pathOf = (admin: AdminContext, id: string) => `/c/${admin.community.slug}/admin/applications/${id}`;

applicationRoutes.get("/c/:slug/admin/applications/:id", async (c) => renderApplication(c, await loadAdmin(c)));

applicationRoutes.post("/c/:slug/admin/applications/:id/decision", async (c) => {
  const admin = await loadAdmin(c);
  // decideApplication reads the application (and refuses another community's) itself.
  const id = c.req.param("id");
  const form = await readForm(c);
  const decision = formText(form, "decision") as Decision;
  if (!DECISIONS.includes(decision)) {
    throw AppError.validation([{ field: "decision", message: `Decision must be one of ${DECISIONS.join(", ")}` }]);
  }
  const reason = formText(form, "reason").trim();
  if (reason.length > MAX_REASON) throw AppError.validation([{ field: "reason", message: `The reason must be at most ${MAX_REASON} characters` }]);
  let changed: boolean;
  try {
    ({ changed } = await decideApplication(c.get("deps"), admin.community, { applicationId: id, decision, reason, actor: admin.viewer.email }));
  } catch (e) {
    // Someone else decided first, or the payment state forbids it: show the page as it is now.
    if (e instanceof AppError && e.status === 409) return renderApplication(c, admin, { error: e.message }, 409);
    throw e;
  }
  return c.redirect(`${pathOf(admin, id)}?done=${changed ? DECISION_LABELS[decision].done : "unchanged"}`, 303);
});

applicationRoutes.post("/c/:slug/admin/applications/:id/notes", async (c) => {
  const admin = await loadAdmin(c);
  const app = await loadApplication(c, admin);
  const body = formText(await readForm(c), "body");
  try {
    await addNote(c.get("deps"), admin.community, app.id, admin.viewer.email, body);
  } catch (e) {
    if (e instanceof AppError && e.status === 400) {
      return renderApplication(c, admin, { note: { body, error: e.details?.[0]?.message ?? e.message } }, 400);
    }
    throw e;
  }
  return c.redirect(`${pathOf(admin, app.id)}?done=noted#notes`, 303);
});
