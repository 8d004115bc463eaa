import { createRoute, createApiRouter, errorResponses, jsonBody, jsonContent, staffSecurity } from "./openapi";
import type { Experiment, ExperimentVariant } from "../../drizzle";
import type { Deps } from "../env";
import { experimentResults, experimentSummaries } from "../experiments/results";
import { createExperiment, pauseExperiment, promoteVariant, startExperiment, stopExperiment } from "../experiments/service";
import { daysToDecision, planTest, sampleSizePerVariant } from "../experiments/stats";
import { communityStaff } from "./access";
import {
  ExperimentCreateBody,
  ExperimentDetailSchema,
  ExperimentListSchema,
  ExperimentParams,
  ExperimentSchema,
  experimentView,
  PlannerQuery,
  PlannerSchema,
  PromoteBody,
  resultsView,
  StopBody,
  summaryView,
} from "./experiment-schemas";
import { SlugParams } from "./schemas";

/**
 * Price experiments, as on the owner pages: every staff member may read them and their results;
 * only owners (and operators) create, start, pause, stop and promote. Every change is in the audit log.
 */
const tags = ["Experiments"];
const staffOnly = communityStaff();
const ownersOnly = communityStaff(["owner"]);
const ACTION_ERRORS = errorResponses(400, 401, 403, 404, 409, 415, 502);

const listRoute = createRoute({
  method: "get",
  path: "/communities/{slug}/experiments",
  tags,
  summary: "The community's price experiments with their counters, newest first (staff)",
  security: staffSecurity,
  middleware: staffOnly,
  request: { params: SlugParams },
  responses: { 200: jsonContent(ExperimentListSchema, "The experiments"), ...errorResponses(400, 401, 403, 404) },
});

const createExperimentRoute = createRoute({
  method: "post",
  path: "/communities/{slug}/experiments",
  tags,
  summary: "Create a draft price experiment on the application fee or a tier price (owners)",
  description: "2 to 4 price points; one experiment per price at a time (409 while another one on the same price is not stopped).",
  security: staffSecurity,
  middleware: ownersOnly,
  request: { params: SlugParams, body: jsonBody(ExperimentCreateBody) },
  responses: { 201: jsonContent(ExperimentSchema, "Created, as a draft"), ...errorResponses(400, 401, 403, 404, 409, 415) },
});

const plannerRoute = createRoute({
  method: "get",
  path: "/communities/{slug}/experiments/planner",
  tags,
  summary: "How many visitors and days a price test needs at this traffic, and how likely the stopping rule is to decide (staff)",
  description: "n ≈ 2 (1.96 + 0.84)² (1 − p) / (p δ²) visitors per variant, for 80% power at two-sided α = 0.05, with traffic split evenly.",
  security: staffSecurity,
  middleware: staffOnly,
  request: { params: SlugParams, query: PlannerQuery },
  responses: { 200: jsonContent(PlannerSchema, "The plan"), ...errorResponses(400, 401, 403, 404) },
});

const detailRoute = createRoute({
  method: "get",
  path: "/communities/{slug}/experiments/{id}",
  tags,
  summary: "One experiment with its results: RPV, chance to be best, lift, SRM and the verdict (staff)",
  description: "Computed from pre-aggregated counters with 10,000 seeded Monte Carlo draws: the same data always gives the same numbers.",
  security: staffSecurity,
  middleware: staffOnly,
  request: { params: ExperimentParams },
  responses: { 200: jsonContent(ExperimentDetailSchema, "The experiment and its results"), ...errorResponses(400, 401, 403, 404) },
});

const action = (verb: "start" | "pause", summary: string) =>
  createRoute({
    method: "post",
    path: `/communities/{slug}/experiments/{id}/${verb}`,
    tags,
    summary,
    security: staffSecurity,
    middleware: ownersOnly,
    request: { params: ExperimentParams },
    responses: { 200: jsonContent(ExperimentSchema, "The experiment now"), ...ACTION_ERRORS },
  });

const startRoute = action("start", "Start a draft, or resume a paused experiment (owners)");
const pauseRoute = action("pause", "Pause: assigned visitors keep their price, new visitors see the control price (owners)");

const stopRoute = createRoute({
  method: "post",
  path: "/communities/{slug}/experiments/{id}/stop",
  tags,
  summary: "Stop without a winner: everyone new sees the original price again (owners)",
  description: "With the refund-to-lowest policy on, every payment above the lowest tested price is refunded the difference, once.",
  security: staffSecurity,
  middleware: ownersOnly,
  request: { params: ExperimentParams, body: { required: false, content: { "application/json": { schema: StopBody } } } },
  responses: { 200: jsonContent(ExperimentSchema, "Stopped (stopping twice is a no-op)"), ...ACTION_ERRORS },
});

const promoteRoute = createRoute({
  method: "post",
  path: "/communities/{slug}/experiments/{id}/promote",
  tags,
  summary: "Promote a variant: its price becomes the price for every new visitor and the test stops (owners)",
  description: "Existing assignments, applications and subscriptions keep the price they were shown. Promoting twice is a no-op.",
  security: staffSecurity,
  middleware: ownersOnly,
  request: { params: ExperimentParams, body: jsonBody(PromoteBody) },
  responses: { 200: jsonContent(ExperimentSchema, "Promoted"), ...ACTION_ERRORS },
});

/** After a stop or a promotion (the service ran the refund policy; the cron finishes anything left). */
function ended(out: { experiment: Experiment; variants: ExperimentVariant[] }) {
  return experimentView(out.experiment, out.variants);
}

const count = (n: number) => n.toLocaleString("en-US");

export const experimentsApi = createApiRouter()
  .openapi(listRoute, async (c) => {
    const { community } = c.get("staff");
    c.header("Cache-Control", "private, no-store");
    return c.json({ experiments: (await experimentSummaries(c.get("deps"), community.id)).map(summaryView) }, 200);
  })
  .openapi(createExperimentRoute, async (c) => {
    const { community, viewer } = c.get("staff");
    const { experiment, variants } = await createExperiment(c.get("deps"), community, c.req.valid("json"), viewer.email);
    return c.json(experimentView(experiment, variants), 201);
  })
  .openapi(plannerRoute, async (c) => {
    const { baseline, lift, dailyVisitors, variants } = c.req.valid("query");
    const perVariant = sampleSizePerVariant(baseline, lift);
    const days = daysToDecision(perVariant, variants, dailyVisitors);
    const message = `About ${count(days)} day${days === 1 ? "" : "s"} at ${count(dailyVisitors)} visitors a day: ${count(perVariant)} visitors per price point.`;
    const simulated = planTest({ visitorsPerDay: dailyVisitors, conversion: baseline, variants }).map((r) => ({
      lift: r.lift,
      decidedBy: { days14: r.by[14], days28: r.by[28], days42: r.by[42] },
      wrongRate: r.wrong,
    }));
    return c.json({ baseline, lift, dailyVisitors, variants, perVariant, totalVisitors: perVariant * variants, days, message, simulated }, 200);
  })
  .openapi(detailRoute, async (c) => {
    const { community } = c.get("staff");
    const results = await experimentResults(c.get("deps"), community.id, c.req.valid("param").id);
    c.header("Cache-Control", "private, no-store");
    const experiment = experimentView(results.experiment, results.variants.map((v) => v.variant));
    return c.json({ experiment, results: resultsView(results) }, 200);
  })
  .openapi(startRoute, async (c) => {
    const { community, viewer } = c.get("staff");
    const { experiment, variants } = await startExperiment(c.get("deps"), community, c.req.valid("param").id, viewer.email);
    return c.json(experimentView(experiment, variants), 200);
  })
  .openapi(pauseRoute, async (c) => {
    const { community, viewer } = c.get("staff");
    const { experiment, variants } = await pauseExperiment(c.get("deps"), community, c.req.valid("param").id, viewer.email);
    return c.json(experimentView(experiment, variants), 200);
  })
  .openapi(stopRoute, async (c) => {
    const deps = c.get("deps");
    const { community, viewer } = c.get("staff");
    const reason = c.req.valid("json").reason ?? "";
    return c.json(ended(await stopExperiment(deps, community, c.req.valid("param").id, viewer.email, reason)), 200);
  })
  .openapi(promoteRoute, async (c) => {
    const deps = c.get("deps");
    const { community, viewer } = c.get("staff");
    const { variantId, reason } = c.req.valid("json");
    return c.json(ended(await promoteVariant(deps, community, c.req.valid("param").id, variantId, viewer.email, reason ?? "")), 200);
  });
