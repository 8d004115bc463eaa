import { Hono, type Context } from "hono";
import type { AppEnv } from "../app-env";
import { AppError } from "../lib/errors";
import { page } from "../ui/layout";
import { flashFor, loadAdmin, OWNERS_ONLY, type AdminContext } from "./admin-context";
import { formText, readForm } from "./forms";
import { parseQuestion, readQuestionForm } from "./question-form";
import { QuestionsPage, type QuestionFormState } from "./question-pages";
import { addQuestion, archiveQuestion, getQuestion, listCommunityQuestions, moveQuestion, updateQuestion } from "./service";

const FLASH = {
  added: "Question added.",
  saved: "Question saved.",
  archived: "Question archived. Past answers keep its label.",
  moved: "Order changed.",
};

/** The owner's questionnaire editor: add, edit, archive and reorder questions. */
export const questionRoutes = new Hono<AppEnv>();

async function renderQuestions(c: Context<AppEnv>, admin: AdminContext, failed?: QuestionFormState, status: 200 | 400 = 200) {
  const questions = await listCommunityQuestions(c.get("deps").db, admin.community.id);
  return c.html(
    page(<QuestionsPage community={admin.community} role={admin.role} questions={questions} failed={failed} flash={failed ? null : flashFor(c, FLASH)} />),
    status,
  );
}

const back = (admin: AdminContext, done: keyof typeof FLASH) => `/c/${admin.community.slug}/admin/questions?done=${done}`;

questionRoutes.get("/c/:slug/admin/questions", async (c) => renderQuestions(c, await loadAdmin(c, OWNERS_ONLY)));

questionRoutes.post("/c/:slug/admin/questions", async (c) => {
  const admin = await loadAdmin(c, OWNERS_ONLY);
  const values = readQuestionForm(await readForm(c));
  const parsed = parseQuestion(values);
  if (!parsed.ok) return renderQuestions(c, admin, { target: "new", values, errors: parsed.errors }, 400);
  await addQuestion(c.get("deps"), admin.community.id, parsed.value);
  return c.redirect(back(admin, "added"), 303);
});

questionRoutes.post("/c/:slug/admin/questions/:qid", async (c) => {
  const admin = await loadAdmin(c, OWNERS_ONLY);
  const qid = c.req.param("qid");
  await getQuestion(c.get("deps").db, admin.community.id, qid);
  const values = readQuestionForm(await readForm(c));
  const parsed = parseQuestion(values);
  if (!parsed.ok) return renderQuestions(c, admin, { target: qid, values, errors: parsed.errors }, 400);
  await updateQuestion(c.get("deps"), admin.community.id, qid, parsed.value);
  return c.redirect(back(admin, "saved"), 303);
});

questionRoutes.post("/c/:slug/admin/questions/:qid/archive", async (c) => {
  const admin = await loadAdmin(c, OWNERS_ONLY);
  await archiveQuestion(c.get("deps"), admin.community.id, c.req.param("qid"));
  return c.redirect(back(admin, "archived"), 303);
});

questionRoutes.post("/c/:slug/admin/questions/:qid/move", async (c) => {
  const admin = await loadAdmin(c, OWNERS_ONLY);
  const direction = formText(await readForm(c), "direction");
  if (direction !== "up" && direction !== "down") {
    throw AppError.validation([{ field: "direction", message: "Direction must be up or down" }]);
  }
  await moveQuestion(c.get("deps"), admin.community.id, c.req.param("qid"), direction);
  return c.redirect(back(admin, "moved"), 303);
});
