import { and, eq } from "drizzle-orm";
import { expect } from "vitest";
import { applications, experimentAssignments, experimentDaily, experiments, experimentVariants, type Community, type Experiment, type ExperimentVariant, type FeePolicy } from "../../drizzle";
import { experimentCreateSchema } from "../../src/experiments/schemas";
import { createExperiment, startExperiment } from "../../src/experiments/service";
import { bucket, chooseVariant } from "../../src/experiments/stats";
import { createTier } from "../../src/tiers/service";
import { session } from "../api/helpers";
import { call, makeCommunity, payCheckout, tools } from "../helpers";
import { memberTier } from "../tiers/helpers";

export const OWNER = "owner@example.com";
export const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36";
export const DAY = 86_400_000;

export interface Made {
  community: Community;
  questionIds: string[];
  experiment: Experiment;
  variants: ExperimentVariant[];
}

interface Options {
  prices?: number[];
  weights?: number[];
  policy?: FeePolicy;
  refundToLowest?: boolean;
  autoPromote?: boolean;
  mode?: "fixed" | "bandit";
  maxDurationDays?: number;
  start?: boolean;
}

/** A community (one short question) with a fee experiment, started unless `start: false`. */
export async function feeExperiment(opts: Options = {}): Promise<Made> {
  const prices = opts.prices ?? [2500, 4000];
  const { deps } = tools();
  const { community, questionIds } = await makeCommunity({ feeAmount: prices[0], feePolicy: opts.policy ?? "non_refundable" });
  const input = experimentCreateSchema.parse({
    name: "Fee test",
    target: "application_fee",
    mode: opts.mode ?? "fixed",
    variants: prices.map((price, i) => ({ price, weight: opts.weights?.[i] ?? 1 })),
    refundToLowest: opts.refundToLowest ?? false,
    autoPromote: opts.autoPromote ?? false,
    ...(opts.maxDurationDays ? { maxDurationDays: opts.maxDurationDays } : {}),
  });
  let made = await createExperiment(deps, community, input, OWNER);
  if (opts.start !== false) made = await startExperiment(deps, community, made.experiment.id, OWNER);
  return { community, questionIds, ...made };
}

/** A free community with one public tier and a monthly-price experiment on it, started. */
export async function tierExperiment(opts: Options = {}) {
  const prices = opts.prices ?? [2900, 4900];
  const { deps } = tools();
  const { community, questionIds } = await makeCommunity({ feeAmount: 0 }, []);
  const tier = await createTier(deps, community.id, memberTier({ monthlyAmount: prices[0], yearlyAmount: null }), OWNER);
  const input = experimentCreateSchema.parse({
    name: "Tier test",
    target: "tier_price",
    tierId: tier.id,
    interval: "month",
    variants: prices.map((price, i) => ({ price, weight: opts.weights?.[i] ?? 1 })),
    refundToLowest: opts.refundToLowest ?? false,
  });
  const created = await createExperiment(deps, community, input, OWNER);
  const made = await startExperiment(deps, community, created.experiment.id, OWNER);
  return { community, questionIds, tier, ...made };
}

/** A fresh visitor id (a UUID, as the cookie holds) whose bucket falls in variant `index`. */
export function visitorIn(experiment: Experiment, variants: ExperimentVariant[], index: number): string {
  for (;;) {
    const id = crypto.randomUUID();
    if (chooseVariant(bucket(experiment.seed, id), variants.map((v) => v.weight)) === index) return id;
  }
}

export const visitorCookie = (id: string) => `th_vid=${id}`;

/** The landing page as a browser with this visitor cookie (or none) sees it. */
export function visitLanding(slug: string, visitorId?: string, userAgent = BROWSER) {
  return call(`/c/${slug}`, { cookie: visitorId ? visitorCookie(visitorId) : undefined, headers: { "user-agent": userAgent } });
}

/** The landing form posted as a browser. */
export function applyAs(slug: string, visitorId: string | null, fields: Record<string, string>) {
  return call(`/c/${slug}/apply`, {
    method: "POST",
    body: new URLSearchParams(fields),
    cookie: visitorId ? visitorCookie(visitorId) : undefined,
    headers: { "content-type": "application/x-www-form-urlencoded", "user-agent": BROWSER },
  });
}

/** The visitor id a response's Set-Cookie gave, if any. */
export function visitorFromSetCookie(res: Response): string | null {
  const cookies = (res.headers as unknown as { getSetCookie(): string[] }).getSetCookie();
  return cookies.map((c) => c.match(/^th_vid=([^;]+)/)?.[1]).find(Boolean) ?? null;
}

export async function assignmentOf(experimentId: string, visitorId: string) {
  return tools().deps.db.query.experimentAssignments.findFirst({
    where: and(eq(experimentAssignments.experimentId, experimentId), eq(experimentAssignments.visitorId, visitorId)),
  });
}

export async function variantsOf(experimentId: string) {
  return tools().deps.db.query.experimentVariants.findMany({ where: eq(experimentVariants.experimentId, experimentId), orderBy: (v, { asc }) => [asc(v.position)] });
}

export async function experimentRow(id: string) {
  return (await tools().deps.db.query.experiments.findFirst({ where: eq(experiments.id, id) }))!;
}

export interface SeedVariant {
  exposures: number;
  conversions: number;
  /** Defaults to conversions × price. */
  revenue?: number;
}

/**
 * Writes counters by hand, as if that much traffic had come (replacing what was there): the
 * variants' totals, and one daily row per variant per day spread evenly over `days` days ending
 * on `now`'s day, with the variant's weight unless `weights` gives one per day.
 */
export async function seedCounters(experiment: Experiment, variants: ExperimentVariant[], data: SeedVariant[], opts: { days: number; now: Date; weights?: number[][] }) {
  const { db } = tools().deps;
  const statements = [];
  for (const [k, v] of variants.entries()) {
    const d = data[k];
    const revenue = d.revenue ?? d.conversions * v.price;
    statements.push(db.update(experimentVariants).set({ exposures: d.exposures, conversions: d.conversions, revenue, revenueSq: revenue * v.price }).where(eq(experimentVariants.id, v.id)));
    const share = (total: number, day: number) => Math.floor((total * (day + 1)) / opts.days) - Math.floor((total * day) / opts.days);
    for (let day = 0; day < opts.days; day++) {
      const date = new Date(+opts.now - (opts.days - 1 - day) * DAY).toISOString().slice(0, 10);
      const counters = { exposures: share(d.exposures, day), conversions: share(d.conversions, day), revenue: share(revenue, day), weight: opts.weights?.[day]?.[k] ?? v.weight };
      statements.push(
        db
          .insert(experimentDaily)
          .values({ experimentId: experiment.id, variantId: v.id, day: date, ...counters })
          .onConflictDoUpdate({ target: [experimentDaily.experimentId, experimentDaily.variantId, experimentDaily.day], set: counters }),
      );
    }
  }
  await db.batch(statements as [(typeof statements)[0], ...typeof statements]);
}

/** Moves an experiment's start back, as if it had been running for `days` days at `now`. */
export async function startedDaysAgo(experimentId: string, days: number, now: Date) {
  await tools().deps.db.update(experiments).set({ startedAt: new Date(+now - days * DAY) }).where(eq(experiments.id, experimentId));
}

export const uniqueEmail = (name: string) => `${name}-${crypto.randomUUID().slice(0, 8)}@example.com`;

/** A visitor in variant `index` sees the landing page, applies, and pays on the emulator's checkout. */
export async function applyAndPay(opts: { policy?: FeePolicy; index: number; refundToLowest?: boolean; made?: Awaited<ReturnType<typeof feeExperiment>> }) {
  const made = opts.made ?? (await feeExperiment({ policy: opts.policy, refundToLowest: opts.refundToLowest }));
  const { community, questionIds, experiment, variants } = made;
  const visitor = visitorIn(experiment, variants, opts.index);
  const email = uniqueEmail("payer");
  await visitLanding(community.slug, visitor);
  const res = await applyAs(community.slug, visitor, { name: "Pat", email, accept_rules: "yes", [`q_${questionIds[0]}`]: "Founder" });
  expect(res.status).toBe(303);
  const checkoutUrl = res.headers.get("location")!;
  const { deps, emulator } = tools();
  const app = (await deps.db.query.applications.findFirst({ where: and(eq(applications.communityId, community.id), eq(applications.email, email)) }))!;
  const checkout = await deps.stripe.checkout.sessions.retrieve(app.checkoutSessionId!);
  await payCheckout(checkoutUrl);
  await emulator.deliverPending();
  const paid = (await deps.db.query.applications.findFirst({ where: eq(applications.id, app.id) }))!;
  return { ...made, visitor, email, app: paid, checkout };
}

/** The cookie header of a signed-in person on a device with this visitor cookie. */
export async function joinCookie(email: string, visitorId: string) {
  return `${await session(email)}; ${visitorCookie(visitorId)}`;
}

/** Posts the join form as a browser; extra fields go along untouched. */
export function postJoin(slug: string, cookie: string, fields: Record<string, string>) {
  return call(`/c/${slug}/join`, {
    method: "POST",
    cookie,
    body: new URLSearchParams(fields),
    headers: { "content-type": "application/x-www-form-urlencoded", "user-agent": BROWSER, accept: "text/html" },
  });
}

/** The Checkout Session behind a hosted-checkout URL of the emulator, with its line items. */
export async function checkoutBehind(url: string) {
  const id = new URL(url).pathname.split("/").find((part) => part.startsWith("cs_"))!;
  const { stripe } = tools().deps;
  const [session, items] = await Promise.all([stripe.checkout.sessions.retrieve(id), stripe.checkout.sessions.listLineItems(id)]);
  return { session, unitAmounts: items.data.map((li) => li.price?.unit_amount ?? null) };
}
