import * as z from "zod/mini";
import { createRoute, createApiRouter, errorResponses, jsonBody, jsonContent, staffSecurity, named } from "./openapi";
import { questionSchema } from "../communities/schemas";
import { addQuestion, archiveQuestion, getCommunityBySlug, listCommunityQuestions, updateQuestion } from "../communities/service";
import { communityStaff } from "./access";
import { PublicQuestionSchema, QuestionParams, QuestionSchema, SlugParams } from "./schemas";
import { publicQuestionView, questionView } from "./serialize";
import { lazyFields } from "../lib/lazy-fields";

const tags = ["Questions"];
const QuestionBody = named(questionSchema, "QuestionInput");
const ownersOnly = communityStaff(["owner"]);

const listQuestions = createRoute({
  method: "get",
  path: "/communities/{slug}/questions",
  tags,
  summary: "The application questionnaire, in order (public)",
  request: { params: SlugParams },
  responses: {
    200: jsonContent(z.object(lazyFields({ questions: () => z.array(PublicQuestionSchema) })), "The current questions"),
    ...errorResponses(400, 404),
  },
});

const addQuestionRoute = createRoute({
  method: "post",
  path: "/communities/{slug}/questions",
  tags,
  summary: "Add a question (owners); without `position` it goes last",
  security: staffSecurity,
  middleware: ownersOnly,
  request: { params: SlugParams, body: jsonBody(QuestionBody) },
  responses: {
    201: jsonContent(QuestionSchema, "Created"),
    ...errorResponses(400, 401, 403, 404, 415),
  },
});

const replaceQuestion = createRoute({
  method: "put",
  path: "/communities/{slug}/questions/{id}",
  tags,
  summary: "Replace a question (owners); answers already given keep their question id",
  security: staffSecurity,
  middleware: ownersOnly,
  request: { params: QuestionParams, body: jsonBody(QuestionBody) },
  responses: {
    200: jsonContent(QuestionSchema, "The updated question"),
    ...errorResponses(400, 401, 403, 404, 415),
  },
});

const archiveQuestionRoute = createRoute({
  method: "delete",
  path: "/communities/{slug}/questions/{id}",
  tags,
  summary: "Archive a question (owners): applicants stop seeing it, reviewers still read past answers",
  security: staffSecurity,
  middleware: ownersOnly,
  request: { params: QuestionParams },
  responses: {
    204: { description: "Archived" },
    ...errorResponses(400, 401, 403, 404),
  },
});

export const questionsApi = createApiRouter()
  .openapi(listQuestions, async (c) => {
    const { db } = c.get("deps");
    const community = await getCommunityBySlug(db, c.req.valid("param").slug);
    const questions = await listCommunityQuestions(db, community.id);
    return c.json({ questions: questions.map(publicQuestionView) }, 200);
  })
  .openapi(addQuestionRoute, async (c) => {
    const question = await addQuestion(c.get("deps"), c.get("staff").community.id, c.req.valid("json"));
    return c.json(questionView(question), 201);
  })
  .openapi(replaceQuestion, async (c) => {
    const { id } = c.req.valid("param");
    const question = await updateQuestion(c.get("deps"), c.get("staff").community.id, id, c.req.valid("json"));
    return c.json(questionView(question), 200);
  })
  .openapi(archiveQuestionRoute, async (c) => {
    await archiveQuestion(c.get("deps"), c.get("staff").community.id, c.req.valid("param").id);
    return c.body(null, 204);
  });
