import { and, asc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import type { BatchResponse } from "drizzle-orm/batch";
import {
  communities,
  experimentAssignments,
  experimentDaily,
  experiments,
  experimentVariants,
  groupOffers,
  questions,
  tierPrices,
  tiers,
  type Community,
  type Experiment,
  type ExperimentAssignment,
  type ExperimentVariant,
  type GroupOffer,
  type Question,
  type Tier,
  type TierPrice,
} from "../../drizzle";
import type { Deps } from "../env";
import { batchAll, type Db } from "../lib/db";
import { pricesByInterval } from "../tiers/prices";
import { decideAssignment, utcDay, type LiveExperiment } from "./assignment";
import type { PriceShown, TierOffer } from "./pricing";
import { bucket, chooseVariant } from "./stats";
import type { Visitor } from "./visitor";

/**
 * A community's public face as one visitor sees it: its text, questions, tiers, every price a
 * visitor may be offered, the running price tests, and this visitor's assignments to them. It is
 * read in ONE round trip, every statement keyed by the slug, so the landing page needs no cache:
 * the prices read here are the current ones, and the price shown is the price charged.
 */
export interface PublicConfig {
  community: Community;
  questions: Question[];
  tiers: Tier[];
  /** Active tier prices, and the prices that a live test's variants point at. */
  prices: TierPrice[];
  live: LiveExperiment[];
  assignments: ExperimentAssignment[];
  groupOffer: GroupOffer | null;
}

export async function loadPublicConfig(db: Db, slug: string, visitor: Visitor | null): Promise<PublicConfig | null> {
  return readPublicConfig(await db.batch(publicConfigQueries(db, slug, visitor)), visitor);
}

/** The statements behind `loadPublicConfig`, for a caller that adds its own to the same batch. */
export function publicConfigQueries(db: Db, slug: string, visitor: Visitor | null) {
  const communityId = communityIdOf(db, slug);
  const liveIds = db
    .select({ id: experiments.id })
    .from(experiments)
    .where(and(inArray(experiments.communityId, communityId), inArray(experiments.status, ["running", "paused"])));
  const tierIds = db.select({ id: tiers.id }).from(tiers).where(and(inArray(tiers.communityId, communityId), isNull(tiers.archivedAt)));
  const variantPriceIds = db.select({ id: experimentVariants.tierPriceId }).from(experimentVariants).where(inArray(experimentVariants.experimentId, liveIds));
  return [
    db.select().from(communities).where(eq(communities.slug, slug)).limit(1),
    db
      .select()
      .from(questions)
      .where(and(inArray(questions.communityId, communityId), isNull(questions.archivedAt)))
      .orderBy(asc(questions.position), asc(questions.createdAt)),
    db.select().from(tiers).where(and(inArray(tiers.communityId, communityId), isNull(tiers.archivedAt))).orderBy(asc(tiers.rank), asc(tiers.createdAt)),
    db
      .select()
      .from(tierPrices)
      .where(or(and(inArray(tierPrices.tierId, tierIds), eq(tierPrices.active, true)), inArray(tierPrices.id, variantPriceIds)))
      .orderBy(asc(tierPrices.createdAt), asc(tierPrices.id)),
    db.select().from(experiments).where(inArray(experiments.id, liveIds)),
    db.select().from(experimentVariants).where(inArray(experimentVariants.experimentId, liveIds)).orderBy(asc(experimentVariants.position)),
    db
      .select()
      .from(experimentAssignments)
      .where(and(eq(experimentAssignments.visitorId, visitor?.id ?? ""), inArray(experimentAssignments.experimentId, liveIds))),
    // The group offer rides along, so the landing page shows it without another round trip.
    db.select().from(groupOffers).where(inArray(groupOffers.communityId, communityId)).limit(1),
  ] as const;
}

type ConfigResults = BatchResponse<ReturnType<typeof publicConfigQueries>>;

/** `loadPublicConfig`'s answer from its statements' results (null: no such community). */
export function readPublicConfig(results: ConfigResults, visitor: Visitor | null): PublicConfig | null {
  const [found, questionRows, tierRows, priceRows, experimentRows, variantRows, assignmentRows, groupOfferRows] = results;
  const community = found[0];
  if (!community) return null;
  const live = experimentRows.map((experiment) => ({ experiment, variants: variantRows.filter((v) => v.experimentId === experiment.id) }));
  return { community, questions: questionRows, tiers: tierRows, prices: priceRows, live, assignments: visitor ? assignmentRows : [], groupOffer: groupOfferRows[0] ?? null };
}

/** A community's id by its slug, as a subquery: statements keyed by the slug need not wait for it. */
export function communityIdOf(db: Db, slug: string) {
  return db.select({ id: communities.id }).from(communities).where(eq(communities.slug, slug));
}

/**
 * The first assignment to the community's live fee test linked to this email: a known person on
 * a new device keeps the price they were first shown (as `assignVariant` does), read in a batch.
 */
export function feeAssignmentByEmailQuery(db: Db, slug: string, email: string) {
  const feeTests = db
    .select({ id: experiments.id })
    .from(experiments)
    .where(and(inArray(experiments.communityId, communityIdOf(db, slug)), eq(experiments.target, "application_fee"), inArray(experiments.status, ["running", "paused"])));
  return db
    .select()
    .from(experimentAssignments)
    .where(and(inArray(experimentAssignments.experimentId, feeTests), eq(experimentAssignments.email, email.toLowerCase())))
    .orderBy(asc(experimentAssignments.assignedAt))
    .limit(1);
}

export interface VisitorPrices {
  fee: PriceShown<number>;
  /** Per public tier id: what it costs this visitor, per interval. */
  offers: Map<string, TierOffer>;
  /** The variants this visitor has been shown and logged as exposed to (experiment id → variant id), for `rememberAssignments`. */
  shown: Map<string, string>;
}

export interface VisitorPricesOptions {
  /** Log the exposures (the prices are on screen). */
  expose: boolean;
  /**
   * Set when `config` came from memory (src/experiments/config-cache.ts), so it holds none of the
   * visitor's assignments: what their signed cookie says they were shown. Tests it does not name
   * are treated as unknown: insert-or-ignore, expose-if-unexposed, and read back.
   */
  remembered?: Map<string, string>;
  /**
   * The day's visit to count: in the batch when there is one anyway, else written after the
   * response (`LandingVisit.later`), so the page waits for no round trip of its own.
   */
  visit?: { statement: Write; counted(): void; later(): void } | null;
}

/**
 * The fee and tier prices this visitor sees, decided as `feeWithTest` and `tierPriceFor`
 * decide them (sticky assignment, paused tests assign nobody, bots see the control), but for
 * every test at once: new assignments and exposures are written in one batch, which ends by
 * reading back the stored assignments, so when two first requests race the stored one is shown.
 * A returning visitor who has already seen their prices costs no round trip here.
 */
export async function visitorPrices(deps: Deps, config: PublicConfig, visitor: Visitor | null, opts: VisitorPricesOptions): Promise<VisitorPrices> {
  const feeTest = config.live.find((l) => l.experiment.target === "application_fee");
  const tierTests = config.live.filter((l) => l.experiment.target === "tier_price");
  const testFor = (tierId: string, interval: "month" | "year") => tierTests.find((l) => l.experiment.tierId === tierId && l.experiment.interval === interval);
  const publicTiers = config.tiers.filter((t) => t.visibility === "public");
  const shownTests = [feeTest, ...publicTiers.flatMap((t) => [testFor(t.id, "month"), testFor(t.id, "year")])].filter((l): l is LiveExperiment => !!l);

  // experiment id → the visitor's variant id, and whether they have been exposed to it.
  const chosen = new Map<string, { variantId: string; exposed: boolean }>();
  const take = (rows: ExperimentAssignment[]) => rows.forEach((a) => chosen.set(a.experimentId, { variantId: a.variantId, exposed: a.exposedAt !== null }));
  if (visitor && !visitor.bot) {
    const remembered = opts.remembered;
    let writes: Write[];
    let reread: LiveExperiment[];
    if (remembered) {
      const known = shownTests.filter((l) => l.variants.some((v) => v.id === remembered.get(l.experiment.id)));
      known.forEach((l) => chosen.set(l.experiment.id, { variantId: remembered.get(l.experiment.id)!, exposed: true }));
      reread = shownTests.filter((l) => !known.includes(l));
      writes = assignmentWrites(deps, reread, [], visitor, opts.expose);
    } else {
      take(config.assignments);
      writes = assignmentWrites(deps, shownTests, config.assignments, visitor, opts.expose);
      reread = writes.length ? shownTests : [];
    }
    const statements = [...writes];
    if (reread.length) statements.push(storedAssignments(deps.db, reread, visitor));
    if (statements.length) {
      if (opts.visit) statements.unshift(opts.visit.statement);
      const results = await batchAll(deps.db, statements);
      if (reread.length) take(results.at(-1) as unknown as ExperimentAssignment[]);
      opts.visit?.counted();
    } else opts.visit?.later();
  }
  const variantOf = (live: LiveExperiment | undefined): ExperimentVariant | null => {
    if (!live || !visitor) return null;
    const control = live.variants.find((v) => v.isControl) ?? live.variants[0] ?? null;
    if (visitor.bot) return control;
    const stored = chosen.get(live.experiment.id);
    return live.variants.find((v) => v.id === stored?.variantId) ?? control;
  };
  const feeVariant = variantOf(feeTest);
  const fee = feeVariant ? { price: feeVariant.price, variant: visitor?.bot ? null : feeVariant } : { price: config.community.feeAmount, variant: null };

  const offers = new Map<string, TierOffer>();
  for (const tier of publicTiers) {
    const active = pricesByInterval(config.prices.filter((p) => p.tierId === tier.id && p.active));
    const priceFor = (interval: "month" | "year") => {
      const variant = variantOf(testFor(tier.id, interval));
      return (variant?.tierPriceId && config.prices.find((p) => p.id === variant.tierPriceId)) || active[interval];
    };
    offers.set(tier.id, { month: priceFor("month"), year: priceFor("year") });
  }
  const shown = new Map<string, string>();
  for (const live of shownTests) {
    const stored = chosen.get(live.experiment.id);
    if (stored?.exposed && live.variants.some((v) => v.id === stored.variantId)) shown.set(live.experiment.id, stored.variantId);
  }
  return { fee, offers, shown };
}

type Write = Parameters<Db["batch"]>[0][number];

/** The inserts for first assignments and, when the prices are on screen, the exposure claims. */
function assignmentWrites(deps: Deps, tests: LiveExperiment[], known: ExperimentAssignment[], visitor: Visitor, expose: boolean): Write[] {
  const db = deps.db;
  const now = deps.now();
  const writes: Write[] = [];
  for (const { experiment, variants } of tests) {
    const existing = known.find((a) => a.experimentId === experiment.id);
    if (!existing) {
      // A paused test assigns nobody new: they see the control price, and nothing is logged.
      if (experiment.status !== "running" || !variants.length) continue;
      const chosen = variants[chooseVariant(bucket(experiment.seed, visitor.id), variants.map((v) => v.weight))]!;
      // Inserted only while the test still runs: a configuration kept in memory may be seconds old.
      writes.push(
        db
          .insert(experimentAssignments)
          .select(
            db
              .select({
                experimentId: experiments.id,
                visitorId: sql<string>`${visitor.id}`.as("visitor_id"),
                variantId: sql<string>`${chosen.id}`.as("variant_id"),
                email: sql<string | null>`null`.as("email"),
                assignedAt: sql<number>`${now.getTime()}`.as("assigned_at"),
                exposedAt: sql<number | null>`null`.as("exposed_at"),
                convertedAt: sql<number | null>`null`.as("converted_at"),
              })
              .from(experiments)
              .where(and(eq(experiments.id, experiment.id), eq(experiments.status, "running"))),
          )
          .onConflictDoNothing(),
      );
    } else if (existing.exposedAt) continue;
    if (expose) writes.push(...exposureWrites(db, experiment, visitor, now));
  }
  return writes;
}

/**
 * Logs that the visitor saw their price, once per visitor, in one batch (a transaction): the
 * counters are bumped only while the assignment is still unexposed, and then it is marked.
 * The same claim as `recordExposure`, with the stored variant read inside the statements.
 */
function exposureWrites(db: Db, experiment: Experiment, visitor: Visitor, now: Date): Write[] {
  const unexposed = sql`select variant_id from experiment_assignments where experiment_id = ${experiment.id} and visitor_id = ${visitor.id} and exposed_at is null`;
  const variantId = sql`(${unexposed})`;
  return [
    db.update(experimentVariants).set({ exposures: sql`${experimentVariants.exposures} + 1` }).where(eq(experimentVariants.id, variantId)),
    db
      .insert(experimentDaily)
      .select(
        db
          .select({
            experimentId: sql<string>`${experiment.id}`.as("experiment_id"),
            variantId: experimentVariants.id,
            day: sql<string>`${utcDay(now)}`.as("day"),
            exposures: sql<number>`1`.as("exposures"),
            conversions: sql<number>`0`.as("conversions"),
            revenue: sql<number>`0`.as("revenue"),
            weight: experimentVariants.weight,
          })
          .from(experimentVariants)
          .where(eq(experimentVariants.id, variantId)),
      )
      .onConflictDoUpdate({ target: [experimentDaily.experimentId, experimentDaily.variantId, experimentDaily.day], set: { exposures: sql`${experimentDaily.exposures} + 1` } }),
    db
      .update(experimentAssignments)
      .set({ exposedAt: now })
      .where(and(eq(experimentAssignments.experimentId, experiment.id), eq(experimentAssignments.visitorId, visitor.id), isNull(experimentAssignments.exposedAt))),
  ];
}

function storedAssignments(db: Db, tests: LiveExperiment[], visitor: Visitor) {
  const ids = tests.map((t) => t.experiment.id);
  return db
    .select()
    .from(experimentAssignments)
    .where(and(eq(experimentAssignments.visitorId, visitor.id), inArray(experimentAssignments.experimentId, ids.length ? ids : [""])));
}

/**
 * The fee a submitting visitor pays, decided from what the submission's read batch loaded (their
 * assignment, or the first one linked to their email), as `feeWithTest` decides it; the
 * assignment write (a first assignment, or linking it to the email) rides in the submission's
 * write batch.
 */
export function feeForSubmission(deps: Deps, config: PublicConfig, visitor: Visitor, email: string | null, byEmail: ExperimentAssignment | undefined) {
  const live = config.live.find((l) => l.experiment.target === "application_fee");
  if (!live) return { fee: { price: config.community.feeAmount, variant: null } as PriceShown<number>, write: null };
  const known = config.assignments.find((a) => a.experimentId === live.experiment.id) ?? byEmail;
  const { variant, write } = decideAssignment(deps.db, live, visitor, email, known, deps.now());
  return { fee: { price: variant.price, variant: visitor.bot ? null : variant } as PriceShown<number>, write };
}
