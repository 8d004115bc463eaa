import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { experimentAssignments, experimentDaily, experiments, experimentVariants, type Experiment, type ExperimentAssignment, type ExperimentVariant } from "../../drizzle";
import type { Deps } from "../env";
import type { Db } from "../lib/db";
import { bucket, chooseVariant } from "./stats";
import type { Visitor } from "./visitor";

export interface LiveExperiment {
  experiment: Experiment;
  variants: ExperimentVariant[];
}

export type Target = { kind: "application_fee" } | { kind: "tier_price"; tierId: string; interval: "month" | "year" };

/** The running (or paused) experiment on a price, if any. One per price at a time. */
export async function liveExperimentFor(db: Db, communityId: string, target: Target): Promise<LiveExperiment | null> {
  const where = [eq(experiments.communityId, communityId), eq(experiments.target, target.kind), inArray(experiments.status, ["running", "paused"])];
  if (target.kind === "tier_price") where.push(eq(experiments.tierId, target.tierId), eq(experiments.interval, target.interval));
  const experiment = await db.query.experiments.findFirst({ where: and(...where) });
  if (!experiment) return null;
  const variants = await db.select().from(experimentVariants).where(eq(experimentVariants.experimentId, experiment.id)).orderBy(asc(experimentVariants.position));
  return { experiment, variants };
}

export function utcDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/**
 * The visitor's variant. The first assignment is stored and wins over any later change of
 * weights; a paused experiment assigns nobody new (they see the control price); bots are never
 * assigned. Once the person is known, the assignment is linked to their email so the price
 * follows them.
 */
export async function assignVariant(
  deps: Deps,
  live: LiveExperiment,
  visitor: Visitor,
  email?: string | null,
  /** This visitor's stored assignment, when the caller has already read it (offers.ts). */
  known?: ExperimentAssignment,
): Promise<ExperimentVariant> {
  const existing = visitor.bot ? undefined : (known ?? (await stickyAssignment(deps.db, live.experiment.id, visitor.id, email)));
  const { variant, write } = decideAssignment(deps.db, live, visitor, email, existing, deps.now());
  if (!write) return variant;
  await write;
  if (existing) return variant;
  // Two first requests at once: whichever insert won is the assignment.
  const stored = await stickyAssignment(deps.db, live.experiment.id, visitor.id, null);
  return live.variants.find((v) => v.id === stored?.variantId) ?? variant;
}

/**
 * `assignVariant`'s decision from what is already read (`existing`: the visitor's stored
 * assignment, or the first one linked to their email), with the write it needs, if any: linking
 * the email, or storing a first assignment (which yields to one stored meanwhile). A caller that
 * runs the write in its own batch gets the same variant, since a visitor's bucket is fixed.
 */
export function decideAssignment(db: Db, live: LiveExperiment, visitor: Visitor, email: string | null | undefined, existing: ExperimentAssignment | undefined, now: Date) {
  const { experiment, variants } = live;
  const control = variants.find((v) => v.isControl) ?? variants[0]!;
  if (visitor.bot) return { variant: control, write: null };
  if (existing) {
    const variant = variants.find((v) => v.id === existing.variantId) ?? control;
    if (!email || existing.email) return { variant, write: null };
    const link = db
      .update(experimentAssignments)
      .set({ email: email.toLowerCase() })
      .where(and(eq(experimentAssignments.experimentId, experiment.id), eq(experimentAssignments.visitorId, existing.visitorId), isNull(experimentAssignments.email)));
    return { variant, write: link };
  }
  if (experiment.status !== "running") return { variant: control, write: null };
  const chosen = variants[chooseVariant(bucket(experiment.seed, visitor.id), variants.map((v) => v.weight))]!;
  const insert = db
    .insert(experimentAssignments)
    .values({ experimentId: experiment.id, visitorId: visitor.id, variantId: chosen.id, email: email?.toLowerCase() ?? null, assignedAt: now })
    .onConflictDoNothing();
  return { variant: chosen, write: insert };
}

async function stickyAssignment(db: Db, experimentId: string, visitorId: string, email?: string | null) {
  const byVisitor = await db.query.experimentAssignments.findFirst({ where: and(eq(experimentAssignments.experimentId, experimentId), eq(experimentAssignments.visitorId, visitorId)) });
  if (byVisitor || !email) return byVisitor;
  // A known person on a new device keeps the price they were first shown.
  return db.query.experimentAssignments.findFirst({
    where: and(eq(experimentAssignments.experimentId, experimentId), eq(experimentAssignments.email, email.toLowerCase())),
    orderBy: (a, { asc }) => [asc(a.assignedAt)],
  });
}

/**
 * Logs that the visitor saw their price, once per visitor: the conditional update is the claim,
 * and only the request that made it bumps the variant's and the day's counters.
 */
export async function recordExposure(deps: Deps, live: LiveExperiment, variant: ExperimentVariant, visitor: Visitor): Promise<boolean> {
  if (visitor.bot) return false;
  const now = deps.now();
  const [claimed] = await deps.db
    .update(experimentAssignments)
    .set({ exposedAt: now })
    .where(and(eq(experimentAssignments.experimentId, live.experiment.id), eq(experimentAssignments.visitorId, visitor.id), eq(experimentAssignments.variantId, variant.id), isNull(experimentAssignments.exposedAt)))
    .returning({ visitorId: experimentAssignments.visitorId });
  if (!claimed) return false;
  await deps.db.batch([
    deps.db.update(experimentVariants).set({ exposures: sql`${experimentVariants.exposures} + 1` }).where(eq(experimentVariants.id, variant.id)),
    deps.db
      .insert(experimentDaily)
      .values({ experimentId: live.experiment.id, variantId: variant.id, day: utcDay(now), exposures: 1, weight: variant.weight })
      .onConflictDoUpdate({ target: [experimentDaily.experimentId, experimentDaily.variantId, experimentDaily.day], set: { exposures: sql`${experimentDaily.exposures} + 1` } }),
  ]);
  return true;
}
