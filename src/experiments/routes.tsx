import { and, desc, eq } from "drizzle-orm";
import { Hono, type Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { auditLog, BILLING_INTERVALS, type Community, type Tier } from "../../drizzle";
import type { AppEnv } from "../app-env";
import { flashFor, loadAdmin, OWNERS_ONLY, type AdminContext } from "../communities/admin-context";
import { formText, readForm, type FieldErrors } from "../communities/forms";
import type { Db } from "../lib/db";
import { AppError } from "../lib/errors";
import { listTiers } from "../tiers/service";
import { activePrices } from "../tiers/prices";
import { page } from "../ui/layout";
import {
  emptyExperimentValues,
  experimentFieldErrors,
  feeTargetValue,
  parseExperimentForm,
  parsePlanner,
  readExperimentForm,
  readPlanner,
  tierTargetValue,
  type ExperimentValues,
  type TargetOption,
} from "./forms";
import { ExperimentsPage, NewExperimentPage, type ExperimentRow, type PlannerState } from "./pages";
import { recentTraffic } from "./traffic";
import { experimentsBase } from "./pages-common";
import { ExperimentPage, type PromoteValues } from "./pages-results";
import { experimentResults, experimentSummaries } from "./results";
import { createExperiment, getExperiment, pauseExperiment, promoteVariant, startExperiment, stopExperiment } from "./service";
import { VAN_WESTENDORP_CONVENTIONS, vanWestendorp } from "./stats";
import { priceQuestions, priceResponses, suggestPrices } from "./van-westendorp-data";
import { WillingnessPage } from "./van-westendorp-page";

const FLASH = {
  created: "Experiment created as a draft. Nobody sees its prices until you press Start.",
  started: "Experiment started: each new visitor now sees one of its prices, always the same one.",
  paused: "Experiment paused: new visitors see the control price; people already assigned keep theirs.",
  resumed: "Experiment resumed.",
  stopped: "Experiment stopped: new visitors see today's price again.",
  promoted: "Winner promoted: its price is now the price for new visitors.",
};

/**
 * The owner's price experiment pages: list, new (with the sample-size planner), one experiment
 * with its results and controls, and the willingness-to-pay chart. Moderators may read the list
 * and results; every change is for owners (and operators), and the service audits it.
 */
export const experimentAdminRoutes = new Hono<AppEnv>();

const MAX_LISTED_ANALYSES = 20;

experimentAdminRoutes.get("/c/:slug/admin/experiments", async (c) => {
  const admin = await loadAdmin(c);
  const deps = c.get("deps");
  const now = deps.now();
  const [summaries, tiers] = await Promise.all([experimentSummaries(deps, admin.community.id), tierMap(deps.db, admin.community.id)]);
  // Only tests still open need the stopping rule's reading; each costs one Monte Carlo.
  let analysed = 0;
  const rows: ExperimentRow[] = [];
  for (const s of summaries) {
    const open = s.experiment.status === "running" || s.experiment.status === "paused";
    const decision = open && analysed++ < MAX_LISTED_ANALYSES ? (await experimentResults(deps, admin.community.id, s.experiment.id, now)).decision : null;
    rows.push({ experiment: s.experiment, variants: s.variants, decision });
  }
  return c.html(page(<ExperimentsPage community={admin.community} role={admin.role} rows={rows} tiers={tiers} now={now} flash={flashFor(c, FLASH)} />));
});

experimentAdminRoutes.get("/c/:slug/admin/experiments/new", async (c) => {
  const admin = await loadAdmin(c, OWNERS_ONLY);
  const targets = await targetOptions(c.get("deps").db, admin.community);
  const values = emptyExperimentValues(targets, { target: c.req.query("target"), prices: c.req.queries("price") });
  const planner = await plannerState(c, values, admin.community.id);
  return c.html(
    page(<NewExperimentPage community={admin.community} role={admin.role} targets={targets} values={values} planner={planner} />),
    Object.keys(planner.errors).length ? 400 : 200,
  );
});

experimentAdminRoutes.post("/c/:slug/admin/experiments/new", async (c) => {
  const admin = await loadAdmin(c, OWNERS_ONLY);
  const deps = c.get("deps");
  const targets = await targetOptions(deps.db, admin.community);
  const values = readExperimentForm(await readForm(c));
  const render = async (errors: FieldErrors, error: string | null, status: ContentfulStatusCode) =>
    c.html(
      page(<NewExperimentPage community={admin.community} role={admin.role} targets={targets} values={values} errors={errors} error={error} planner={await plannerState(c, values, admin.community.id)} />),
      status,
    );
  const parsed = parseExperimentForm(values, targets);
  if (!parsed.ok) return render(parsed.errors, null, 400);
  let id: string;
  try {
    id = (await createExperiment(deps, admin.community, parsed.value, admin.viewer.email)).experiment.id;
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500) throw err;
    if (err.details?.length) return render(experimentFieldErrors(err.details, values), null, 400);
    return render({}, err.message, err.status);
  }
  return c.redirect(`${experimentsBase(admin.community)}/${id}?done=created`, 303);
});

experimentAdminRoutes.get("/c/:slug/admin/experiments/willingness", async (c) => {
  const admin = await loadAdmin(c, OWNERS_ONLY);
  const { db } = c.get("deps");
  const questions = await priceQuestions(db, admin.community.id);
  const question = questions.find((q) => q.id === c.req.query("question")) ?? questions.find((q) => !q.archivedAt) ?? questions[0];
  let current = null;
  if (question) {
    // Unknown conventions fall back to ours: the parameter only switches a view.
    const convention = VAN_WESTENDORP_CONVENTIONS.find((k) => k === c.req.query("convention")) ?? "threshold";
    const result = vanWestendorp(await priceResponses(db, admin.community.id, question.id), convention);
    current = { question, result, suggestion: suggestPrices(result) };
  }
  const targets = await targetOptions(db, admin.community);
  return c.html(page(<WillingnessPage community={admin.community} role={admin.role} questions={questions} targets={targets} current={current} />));
});

experimentAdminRoutes.get("/c/:slug/admin/experiments/:id", async (c) => {
  const admin = await loadAdmin(c);
  return renderExperiment(c, admin, c.req.param("id"), { flash: flashFor(c, FLASH) });
});

type Action = "start" | "pause" | "resume" | "stop" | "promote";
const ACTIONS = new Set<Action>(["start", "pause", "resume", "stop", "promote"]);

experimentAdminRoutes.post("/c/:slug/admin/experiments/:id/:action", async (c) => {
  const admin = await loadAdmin(c, OWNERS_ONLY);
  const action = c.req.param("action") as Action;
  if (!ACTIONS.has(action)) throw AppError.notFound(`POST ${c.req.path}`);
  const deps = c.get("deps");
  const id = c.req.param("id");
  const form = await readForm(c);
  const reason = formText(form, "reason").trim();
  const promote: PromoteValues = { variantId: formText(form, "variantId"), reason };
  try {
    if (reason.length > 500) throw AppError.validation([{ field: "reason", message: "Keep the reason under 500 characters" }]);
    if (action === "start") await startExperiment(deps, admin.community, id, admin.viewer.email);
    if (action === "pause") await pauseExperiment(deps, admin.community, id, admin.viewer.email);
    if (action === "resume") await resumeExperiment(c, admin, id);
    if (action === "stop") await stopExperiment(deps, admin.community, id, admin.viewer.email, reason);
    if (action === "promote") await promoteFromForm(c, admin, id, promote);
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500 || err.status === 404) throw err;
    const errors = Object.fromEntries((err.details ?? []).map((d) => [d.field, d.message]));
    return renderExperiment(c, admin, id, { error: err.details?.length ? null : err.message, promote: { values: promote, errors } }, err.details?.length ? 400 : err.status);
  }
  const done = action === "start" ? "started" : action === "pause" ? "paused" : action === "resume" ? "resumed" : action === "stop" ? "stopped" : "promoted";
  return c.redirect(`${experimentsBase(admin.community)}/${id}?done=${done}`, 303);
});

async function resumeExperiment(c: Context<AppEnv>, admin: AdminContext, id: string) {
  const deps = c.get("deps");
  const { experiment } = await getExperiment(deps, admin.community.id, id);
  if (experiment.status !== "paused") throw AppError.conflict(`Only a paused experiment can be resumed; this one is ${experiment.status}`);
  await startExperiment(deps, admin.community, id, admin.viewer.email);
}

async function promoteFromForm(c: Context<AppEnv>, admin: AdminContext, id: string, values: PromoteValues) {
  const { experiment } = await getExperiment(c.get("deps"), admin.community.id, id);
  if (!experiment.startedAt) throw AppError.conflict("Start the experiment before promoting a winner");
  const issues = [
    ...(values.variantId ? [] : [{ field: "variantId", message: "Choose the variant to promote" }]),
    ...(values.reason ? [] : [{ field: "reason", message: "Say why, for the audit log" }]),
  ];
  if (issues.length) throw AppError.validation(issues);
  await promoteVariant(c.get("deps"), admin.community, id, values.variantId, admin.viewer.email, values.reason);
}

interface RenderExtras {
  flash?: string | null;
  error?: string | null;
  promote?: { values: PromoteValues; errors: FieldErrors };
}

async function renderExperiment(c: Context<AppEnv>, admin: AdminContext, id: string, extras: RenderExtras, status: ContentfulStatusCode = 200) {
  const deps = c.get("deps");
  const now = deps.now();
  const { experiment, variants } = await getExperiment(deps, admin.community.id, id);
  const [results, tiers, history] = await Promise.all([
    experiment.startedAt ? experimentResults(deps, admin.community.id, id, now) : null,
    tierMap(deps.db, admin.community.id),
    deps.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.communityId, admin.community.id), eq(auditLog.subject, id)))
      .orderBy(desc(auditLog.createdAt))
      .limit(100),
  ]);
  return c.html(
    page(
      <ExperimentPage
        community={admin.community}
        role={admin.role}
        experiment={experiment}
        variants={variants}
        results={results}
        tiers={tiers}
        history={history}
        now={now}
        {...extras}
      />,
    ),
    status,
  );
}

/** Every price the community could test: the application fee, then each open tier's prices. */
async function targetOptions(db: Db, community: Community): Promise<TargetOption[]> {
  const options: TargetOption[] = [{ value: feeTargetValue, label: "Application fee", currency: community.currency, current: community.feeAmount }];
  for (const tier of await listTiers(db, community.id)) {
    const prices = await activePrices(db, tier.id);
    for (const interval of BILLING_INTERVALS) {
      const price = prices[interval];
      if (price) options.push({ value: tierTargetValue(tier.id, interval), label: `${tier.name} · ${interval === "month" ? "monthly" : "yearly"} price`, currency: price.currency, current: price.amount });
    }
  }
  return options;
}

async function tierMap(db: Db, communityId: string): Promise<Map<string, Tier>> {
  return new Map((await listTiers(db, communityId, { includeArchived: true })).map((t) => [t.id, t]));
}

/**
 * The planner beside the form, from its GET parameters; a prefilled target and prices ride
 * along as hidden fields so estimating does not lose them.
 */
async function plannerState(c: Context<AppEnv>, values: ExperimentValues, communityId: string): Promise<PlannerState> {
  const query = c.req.method === "GET" ? c.req.query() : {};
  const used = values.prices.filter(Boolean).length;
  const deps = c.get("deps");
  const recent = await recentTraffic(deps.db, communityId, deps.now());
  const plannerValues = readPlanner({ ...query, variants: query.variants ?? String(Math.min(4, Math.max(2, used))) }, recent);
  const parsed = parsePlanner(plannerValues, recent);
  const carry: Record<string, string[]> = {};
  if (c.req.method === "GET") {
    if (c.req.query("target")) carry.target = [c.req.query("target")!];
    const prices = c.req.queries("price");
    if (prices?.length) carry.price = prices;
  }
  return parsed.ok ? { values: plannerValues, result: parsed.result, errors: {}, carry, recent } : { values: plannerValues, result: null, errors: parsed.errors, carry, recent };
}
