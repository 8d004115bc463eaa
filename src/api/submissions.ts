import { createRoute, createApiRouter, errorResponses, jsonBody, jsonContent, named } from "./openapi";
import { getVisibleCommunity } from "../communities/launch";
import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import { validateAnswers } from "../applications/answers";
import { checkoutUrlOrNull } from "../applications/checkout";
import { applicationSubmitSchema } from "../applications/schemas";
import { applicationLimits, submitChecked } from "../applications/service";
import { submissionContext } from "../applications/landing";
import { feeForSubmission } from "../experiments/offers";
import { visitorOf } from "../experiments/visitor";
import { listCommunityQuestions } from "../communities/service";
import type { Deps } from "../env";
import type { Application, Community } from "../../drizzle";
import { AppError, errorBody } from "../lib/errors";
import { zodIssues } from "../lib/validation";
import type * as core from "zod/v4/core";
import { clientIp } from "../lib/rate-limit";
import { SlugParams, SubmissionResultSchema } from "./schemas";
import { receiptView } from "./serialize";

const SubmissionBody = named(applicationSubmitSchema, "ApplicationSubmission", {
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
async function rejectSubmission(error: core.$ZodError, target: string, c: Context<AppEnv>) {
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
    const input = c.req.valid("json");
    const visitor = visitorOf(c);
    // The same short path as the form (src/applications/routes.tsx). Round trip 1: the community,
    // its questions and live fee test, this visitor's assignment, the ban and open-application
    // checks, and the rate-limit counters, all keyed by the slug.
    const limits = await applicationLimits(deps, input.email, clientIp(c));
    const context = await submissionContext(c, c.req.valid("param").slug, visitor, input.email, limits);
    limits.enforce(context.limitResults);
    const stored = context.config.community;
    // The fee is the one this visitor is shown (a running test's variant, else the community's), never the request's.
    const { fee, write: assignment } = feeForSubmission(deps, context.config, visitor, input.email, context.feeAssignmentByEmail);
    const pricing = { feeAmount: fee.price, variantId: fee.variant?.id ?? null, visitorId: fee.variant ? visitor.id : null };
    // Round trip 2: the application, its timeline, its email and the visitor's assignment, in one batch.
    const application = await submitChecked(deps, stored, input, pricing, context.checks, assignment ? [assignment] : []);
    // Round trip 3: the Checkout Session stored on the application. The API takes no promotion
    // code or referral, so there is no discount to read. The application is stored by now; a
    // payment page Stripe cannot open this moment is offered again on the status page.
    const community = { ...stored, feeAmount: fee.price };
    const checkoutUrl = application.status === "awaiting_payment" ? await checkoutUrlOrNull(deps, community, application, { discount: null }) : null;
    return c.json({ application: receiptView(deps, application), checkoutUrl }, 201);
  },
  (failure, c) => rejectSubmission(failure.error, failure.target, c),
);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
