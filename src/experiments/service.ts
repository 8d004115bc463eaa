import { and, asc, eq, inArray } from "drizzle-orm";
import { communities, experiments, experimentVariants, tierPrices, tiers, type Community, type Experiment, type ExperimentVariant } from "../../drizzle";
import type { Deps } from "../env";
import { AppError } from "../lib/errors";
import { newId, newSecretToken } from "../lib/ids";
import { auditEntry } from "../memberships/audit";
import type { ExperimentCreate } from "./schemas";
import { refundToLowest } from "./refunds";

const KEYS = ["A", "B", "C", "D"];

export async function getExperiment(deps: Pick<Deps, "db">, communityId: string, id: string): Promise<{ experiment: Experiment; variants: ExperimentVariant[] }> {
  const experiment = await deps.db.query.experiments.findFirst({ where: and(eq(experiments.id, id), eq(experiments.communityId, communityId)) });
  if (!experiment) throw AppError.notFound("Experiment");
  const variants = await deps.db.select().from(experimentVariants).where(eq(experimentVariants.experimentId, id)).orderBy(asc(experimentVariants.position));
  return { experiment, variants };
}

export async function listExperiments(deps: Pick<Deps, "db">, communityId: string): Promise<Experiment[]> {
  return deps.db.query.experiments.findMany({ where: eq(experiments.communityId, communityId), orderBy: (e, { desc }) => [desc(e.createdAt)] });
}

/** A draft experiment: variant A is the control; weights are normalised to sum to 1. */
export async function createExperiment(deps: Deps, community: Community, input: ExperimentCreate, actor: string) {
  if (input.target === "tier_price") {
    const tier = await deps.db.query.tiers.findFirst({ where: and(eq(tiers.id, input.tierId!), eq(tiers.communityId, community.id)) });
    if (!tier) throw AppError.validation([{ field: "tierId", message: "No such tier in this community" }]);
  }
  const clash = await deps.db.query.experiments.findFirst({
    where: and(
      eq(experiments.communityId, community.id),
      eq(experiments.target, input.target),
      inArray(experiments.status, ["draft", "running", "paused"]),
      ...(input.target === "tier_price" ? [eq(experiments.tierId, input.tierId!), eq(experiments.interval, input.interval!)] : []),
    ),
  });
  if (clash) throw AppError.conflict(`"${clash.name}" already tests this price; stop it first`);
  const now = deps.now();
  const id = newId("exp");
  const total = input.variants.reduce((s, v) => s + v.weight, 0);
  const variants = input.variants.map((v, i) => ({ id: newId("var"), experimentId: id, key: KEYS[i], position: i, price: v.price, weight: v.weight / total, isControl: i === 0 }));
  await deps.db.batch([
    deps.db.insert(experiments).values({
      id,
      communityId: community.id,
      name: input.name,
      target: input.target,
      tierId: input.target === "tier_price" ? input.tierId! : null,
      interval: input.target === "tier_price" ? input.interval! : null,
      mode: input.mode,
      status: "draft",
      seed: newSecretToken(),
      conversionWindowDays: input.conversionWindowDays,
      maxDurationDays: input.maxDurationDays,
      refundToLowest: input.refundToLowest,
      autoPromote: input.autoPromote,
      createdAt: now,
      updatedAt: now,
    }),
    deps.db.insert(experimentVariants).values(variants),
    auditEntry(deps.db, { communityId: community.id, actor, action: "experiment.created", subject: id, detail: { name: input.name, target: input.target, prices: input.variants.map((v) => v.price) }, at: now }),
  ]);
  return getExperiment(deps, community.id, id);
}

/**
 * Starts a draft (or resumes a paused) experiment. A tier test gets one inactive tier price per
 * variant, each with its own Stripe price, so the Checkout charges exactly the variant's amount,
 * the subscription sync maps it back to the tier, and grandfathering works as for any price.
 */
export async function startExperiment(deps: Deps, community: Community, id: string, actor: string) {
  const { experiment, variants } = await getExperiment(deps, community.id, id);
  if (experiment.status !== "draft" && experiment.status !== "paused") throw AppError.conflict(`The experiment is ${experiment.status}`);
  if (experiment.target === "tier_price") await ensureVariantPrices(deps, experiment, variants);
  const now = deps.now();
  await deps.db.batch([
    deps.db.update(experiments).set({ status: "running", startedAt: experiment.startedAt ?? now, updatedAt: now }).where(eq(experiments.id, id)),
    auditEntry(deps.db, { communityId: community.id, actor, action: experiment.status === "draft" ? "experiment.started" : "experiment.resumed", subject: id, at: now }),
  ]);
  return getExperiment(deps, community.id, id);
}

async function ensureVariantPrices(deps: Deps, experiment: Experiment, variants: ExperimentVariant[]) {
  const tier = (await deps.db.query.tiers.findFirst({ where: eq(tiers.id, experiment.tierId!) }))!;
  if (!tier.stripeProductId) throw AppError.conflict("The tier has no Stripe product yet");
  for (const v of variants.filter((x) => !x.tierPriceId)) {
    const tierPriceId = newId("tpr");
    const price = await deps.stripe.prices.create(
      {
        product: tier.stripeProductId,
        unit_amount: v.price,
        currency: tier.currency,
        recurring: { interval: experiment.interval! },
        metadata: { tier_id: tier.id, tier_price_id: tierPriceId, experiment_id: experiment.id, variant: v.key },
      },
      { idempotencyKey: `threshold:experiment-price:${v.id}` },
    );
    await deps.db.batch([
      deps.db.insert(tierPrices).values({ id: tierPriceId, tierId: tier.id, interval: experiment.interval!, amount: v.price, currency: tier.currency, stripePriceId: price.id, active: false, createdAt: deps.now() }),
      deps.db.update(experimentVariants).set({ tierPriceId }).where(eq(experimentVariants.id, v.id)),
    ]);
  }
}

export async function pauseExperiment(deps: Deps, community: Community, id: string, actor: string) {
  return setStatus(deps, community, id, ["running"], "paused", "experiment.paused", actor);
}

export async function stopExperiment(deps: Deps, community: Community, id: string, actor: string, reason = "") {
  const stopped = await setStatus(deps, community, id, ["running", "paused", "draft"], "stopped", "experiment.stopped", actor, reason);
  if (stopped.experiment.refundToLowest) await refundToLowest(deps, id);
  return stopped;
}

async function setStatus(deps: Deps, community: Community, id: string, from: Experiment["status"][], to: Experiment["status"], action: string, actor: string, reason = "") {
  const { experiment } = await getExperiment(deps, community.id, id);
  if (experiment.status === to) return getExperiment(deps, community.id, id);
  if (!from.includes(experiment.status)) throw AppError.conflict(`The experiment is ${experiment.status}`);
  const now = deps.now();
  await deps.db.batch([
    deps.db.update(experiments).set({ status: to, updatedAt: now, ...(to === "stopped" ? { stoppedAt: now } : {}) }).where(and(eq(experiments.id, id), inArray(experiments.status, from))),
    auditEntry(deps.db, { communityId: community.id, actor, action, subject: id, reason, at: now }),
  ]);
  return getExperiment(deps, community.id, id);
}

/**
 * Promotes a winner: the experiment stops and the winning price becomes the price for every new
 * visitor (the community's fee, or the tier's active price). Existing assignments, submitted
 * applications and subscriptions keep the price they were shown.
 */
export async function promoteVariant(deps: Deps, community: Community, id: string, variantId: string, actor: string, reason = "") {
  const { experiment, variants } = await getExperiment(deps, community.id, id);
  const winner = variants.find((v) => v.id === variantId);
  if (!winner) throw AppError.validation([{ field: "variantId", message: "No such variant in this experiment" }]);
  if (experiment.winnerVariantId) return getExperiment(deps, community.id, id);
  const now = deps.now();
  const priceChange =
    experiment.target === "application_fee"
      ? [deps.db.update(communities).set({ feeAmount: winner.price, updatedAt: now }).where(eq(communities.id, community.id))]
      : winner.tierPriceId
        ? [
            deps.db.update(tierPrices).set({ active: false }).where(and(eq(tierPrices.tierId, experiment.tierId!), eq(tierPrices.interval, experiment.interval!), eq(tierPrices.active, true))),
            deps.db.update(tierPrices).set({ active: true }).where(eq(tierPrices.id, winner.tierPriceId)),
          ]
        : [];
  await deps.db.batch([
    deps.db.update(experiments).set({ status: "stopped", stoppedAt: experiment.stoppedAt ?? now, winnerVariantId: winner.id, updatedAt: now }).where(eq(experiments.id, id)),
    ...priceChange,
    auditEntry(deps.db, { communityId: community.id, actor, action: "experiment.promoted", subject: id, reason, detail: { variant: winner.key, price: winner.price }, at: now }),
  ]);
  if (experiment.refundToLowest) await refundToLowest(deps, id);
  return getExperiment(deps, community.id, id);
}
