import { createRoute, type z } from "@hono/zod-openapi";
import { getVisibleCommunity } from "../communities/launch";
import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import { validateAnswers } from "../applications/answers";
import { checkoutUrlOrNull } from "../applications/checkout";
import { applicationSubmitSchema } from "../applications/schemas";
import { limitApplications, submitAsVisitor } from "../applications/service";
import { visitorOf } from "../experiments/visitor";
import { listCommunityQuestions } from "../communities/service";
import type { Deps } from "../env";
import type { Application, Community } from "../../drizzle";
import { AppError, errorBody } from "../lib/errors";
import { zodIssues } from "../lib/validation";
import { clientIp } from "../lib/rate-limit";
import { createApiRouter, errorResponses, jsonBody, jsonContent } from "./openapi";
import { SlugParams, SubmissionResultSchema } from "./schemas";
import { receiptView } from "./serialize";

const SubmissionBody = applicationSubmitSchema.openapi("ApplicationSubmission", {
  example: {
    name: "Ada Lovelace",
    email: "ada@example.com",
    acceptRules: true,
    answers: { q_role0000000000000000: "Head of Product", q_years000000000000000: 12, q_wants000000000000000: ["Peer advice", "Hiring"] },
  },
});

const submitRoute = createRoute({
  method: "post",
  path: "/communities/{slug}/applications",
  tags: ["Applications"],
  summary: "Apply to a community (public)",
  description:
    "Answers are keyed by question id (see `GET /communities/{slug}/questions`). The fee is the community's " +
    "current fee, never a value from the request: unknown fields such as `feeAmount` are rejected. " +
    "When a fee is due, `checkoutUrl` is the Stripe Checkout page to send the applicant to.",
  request: { params: SlugParams, body: jsonBody(SubmissionBody) },
  responses: {
    201: jsonContent(SubmissionResultSchema, "Received"),
    ...errorResponses(400, 404, 409, 415, 429),
  },
});

/**
 * A rejected body names every bad field at once: the body's own fields and, when the community
 * exists and `answers` is an object, each bad answer too, so a form can be fixed in one round.
 */
async function rejectSubmission(error: z.ZodError, target: string, c: Context<AppEnv>) {
  const issues = zodIssues(error);
  const { db } = c.get("deps");
  const community = await getVisibleCommunity(c, c.req.param("slug") ?? "");
  const body: unknown = target === "json" ? await c.req.json().catch(() => null) : null;
  if (isRecord(body) && isRecord(body.answers)) {
    issues.push(...validateAnswers(await listCommunityQuestions(db, community.id), body.answers).issues);
  }
  return c.json(errorBody(AppError.validation(issues), c.get("requestId")), 400);
}

export const submissionsApi = createApiRouter().openapi(
  submitRoute,
  async (c) => {
    const deps = c.get("deps");
    const community = await getVisibleCommunity(c, c.req.valid("param").slug);
    await limitApplications(deps, c.req.valid("json").email, clientIp(c));
    const application = await submitAsVisitor(deps, community, c.req.valid("json"), visitorOf(c));
    // The application is stored by now; a payment page Stripe cannot open this moment is offered again on the status page.
    const checkoutUrl = application.status === "awaiting_payment" ? await checkoutUrlOrNull(deps, community, application) : null;
    return c.json({ application: receiptView(deps, application), checkoutUrl }, 201);
  },
  (result, c) => (result.success ? undefined : rejectSubmission(result.error, result.target, c)),
);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
