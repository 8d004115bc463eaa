import { createRoute, createApiRouter, errorResponses, jsonBody, jsonContent, staffSecurity } from "./openapi";
import { applicationTimeline } from "../applications/service";
import { questionsById } from "../communities/service";
import { addNote, decideApplication, decideMany, listNotes } from "../review/decisions";
import { listApplications } from "../review/queue";
import { applicationStaff, communityStaff } from "./access";
import {
  ApplicationDetailSchema,
  ApplicationListQuery,
  ApplicationPageSchema,
  ApplicationParams,
  BulkDecisionBody,
  BulkDecisionResultSchema,
  DecisionBody,
  DecisionResultSchema,
  NoteBody,
  NoteSchema,
  SlugParams,
} from "./schemas";
import { answersView, applicationView, noteView, timelineView } from "./serialize";

const tags = ["Review"];
const staffOnly = communityStaff();

const listRoute = createRoute({
  method: "get",
  path: "/communities/{slug}/applications",
  tags,
  summary: "The review queue: a community's applications, newest first (staff)",
  security: staffSecurity,
  middleware: staffOnly,
  request: { params: SlugParams, query: ApplicationListQuery },
  responses: {
    200: jsonContent(ApplicationPageSchema, "One page; pass `nextCursor` as `cursor` for the next"),
    ...errorResponses(400, 401, 403, 404),
  },
});

const detailRoute = createRoute({
  method: "get",
  path: "/applications/{id}",
  tags,
  summary: "One application with its answers, notes and timeline (staff of its community)",
  security: staffSecurity,
  middleware: applicationStaff,
  request: { params: ApplicationParams },
  responses: {
    200: jsonContent(ApplicationDetailSchema, "The application"),
    ...errorResponses(400, 401, 403, 404),
  },
});

const decisionRoute = createRoute({
  method: "post",
  path: "/applications/{id}/decision",
  tags,
  summary: "Approve, reject or waitlist (staff); money moves per the fee policy, exactly once",
  description: "Repeating a decision the application already has changes nothing and answers `changed: false`.",
  security: staffSecurity,
  middleware: applicationStaff,
  request: { params: ApplicationParams, body: jsonBody(DecisionBody) },
  responses: {
    200: jsonContent(DecisionResultSchema, "Decided"),
    ...errorResponses(400, 401, 403, 404, 409, 415),
  },
});

const bulkDecisionRoute = createRoute({
  method: "post",
  path: "/communities/{slug}/applications/bulk-decision",
  tags,
  summary: "The same decision for up to 100 applications (staff); each succeeds or fails on its own",
  security: staffSecurity,
  middleware: staffOnly,
  request: { params: SlugParams, body: jsonBody(BulkDecisionBody) },
  responses: {
    200: jsonContent(BulkDecisionResultSchema, "One result per distinct id"),
    ...errorResponses(400, 401, 403, 404, 415),
  },
});

const noteRoute = createRoute({
  method: "post",
  path: "/applications/{id}/notes",
  tags,
  summary: "Add a private staff note (staff); applicants never see notes",
  security: staffSecurity,
  middleware: applicationStaff,
  request: { params: ApplicationParams, body: jsonBody(NoteBody) },
  responses: {
    201: jsonContent(NoteSchema, "Created"),
    ...errorResponses(400, 401, 403, 404, 415),
  },
});

export const reviewApi = createApiRouter()
  .openapi(listRoute, async (c) => {
    const deps = c.get("deps");
    const { q, ...filter } = c.req.valid("query");
    const page = await listApplications(deps.db, c.get("staff").community.id, { ...filter, search: q || undefined });
    return c.json({ items: page.items.map((a) => applicationView(deps, a)), nextCursor: page.nextCursor }, 200);
  })
  .openapi(detailRoute, async (c) => {
    const deps = c.get("deps");
    const { application, community } = c.get("staff");
    const [questions, notes, timeline] = await Promise.all([
      questionsById(deps.db, community.id),
      listNotes(deps, application.id),
      applicationTimeline(deps.db, application.id),
    ]);
    return c.json(
      {
        application: applicationView(deps, application),
        answers: answersView(application, questions),
        notes: notes.map(noteView),
        timeline: timeline.map(timelineView),
      },
      200,
    );
  })
  .openapi(decisionRoute, async (c) => {
    const deps = c.get("deps");
    const { application, community, viewer } = c.get("staff");
    const { decision, reason } = c.req.valid("json");
    const result = await decideApplication(deps, community, { applicationId: application.id, decision, reason, actor: viewer.email });
    return c.json({ application: applicationView(deps, result.application), changed: result.changed }, 200);
  })
  .openapi(bulkDecisionRoute, async (c) => {
    const { community, viewer } = c.get("staff");
    const { ids, decision, reason } = c.req.valid("json");
    const results = await decideMany(c.get("deps"), community, ids, decision, reason ?? null, viewer.email);
    return c.json({ results }, 200);
  })
  .openapi(noteRoute, async (c) => {
    const { application, community, viewer } = c.get("staff");
    const note = await addNote(c.get("deps"), community, application.id, viewer.email, c.req.valid("json").body);
    return c.json(noteView(note), 201);
  });
