import { and, asc, between, desc, eq, sql } from "drizzle-orm";
import { drops, insightCohorts, subscriptionInvoices, insightContentDays, insightDays, insightMemberMonths, insightMembers, insightMonths, insightTopItems, memberships, tiers, type Community, type InsightCohort, type InsightDay, type InsightMonth } from "../../drizzle";
import type { Db } from "../lib/db";
import { displayNames } from "../profiles/names";
import { addDays, addMonths, monthFirstDay, monthOf, monthsBetween } from "./days";
import { activitySummary, funnelByWeek, heatmap, median, moneyByMonth, moneySummary } from "./figures";
import { LAYERS, type Layer } from "./layers";
import { healthItems, lifecycleStage, type MonthPoint } from "./lifecycle";
import { cadenceByPeriod, lastMiss, planOf, planQuery } from "./plan";

/**
 * Everything the Insights page, its CSV exports and the API show, read from the rollups in one
 * batch (plus one for names). Every read is bounded by the range (at most two years of days
 * and months) or a LIMIT, never by the number of members: the page costs the same at any size.
 */

export interface InsightsQuery {
  from: string;
  to: string;
  /** "" for all tiers. */
  tierId: string;
}

export const MAX_RANGE_DAYS = 731;
const NAMES_PER_LAYER = 12;
const LIFECYCLE_MONTHS = 6;
const AT_RISK_LIST = 20;
/** At-risk members counted at most (the page says "200+"): the count costs the same at any size. */
const AT_RISK_COUNT_CAP = 200;
export const AT_RISK_SILENT_DAYS = 21;
const AT_RISK_LOOKBACK_DAYS = 90;

/** The default range: the six months up to the last rolled-up day. */
export function defaultRange(through: string): { from: string; to: string } {
  return { from: addDays(through, -182), to: through };
}

export type InsightsReport = Awaited<ReturnType<typeof loadInsights>>;

/** `through`: the last rolled-up day (insight_progress), which the caller read to resolve the range. */
export async function loadInsights(db: Db, community: Community, q: InsightsQuery, opts: { money: boolean; now: Date; through: string }) {
  const c = community.id;
  const months: [string, string] = [monthOf(q.from), monthOf(q.to)];
  const through = opts.through;
  const riskWindow: [string, string] = [addDays(through, -AT_RISK_LOOKBACK_DAYS), addDays(through, -AT_RISK_SILENT_DAYS)];
  const liveMember = sql`exists (select 1 from ${memberships} m where m.community_id = ${c} and m.email = ${insightMembers.email} and m.status in ('trialing', 'active', 'past_due'))`;
  const layerNames = (layer: Layer) =>
    db
      .select({ email: insightMemberMonths.email })
      .from(insightMemberMonths)
      .where(and(eq(insightMemberMonths.communityId, c), eq(insightMemberMonths.month, months[1]), eq(insightMemberMonths.layer, layer)))
      .orderBy(desc(insightMemberMonths.activeDays))
      .limit(NAMES_PER_LAYER);
  const daysOf = (tierId: string) => db.select().from(insightDays).where(and(eq(insightDays.communityId, c), eq(insightDays.tierId, tierId), between(insightDays.day, q.from, q.to))).orderBy(asc(insightDays.day));
  const [days, tierDays, monthRows, cohorts, content, topDrops, topThreads, leaders, participants, readers, dormant, atRisk, atRiskCount, tierList, lastDrop, firstDay, recentMonths, lifecycleDays, planRows, anyInvoice] = await db.batch([
    daysOf(""),
    daysOf(q.tierId),
    db.select().from(insightMonths).where(and(eq(insightMonths.communityId, c), between(insightMonths.month, months[0], months[1]))).orderBy(asc(insightMonths.month)),
    db.select().from(insightCohorts).where(and(eq(insightCohorts.communityId, c), between(insightCohorts.cohort, months[0], months[1]))).orderBy(asc(insightCohorts.cohort), asc(insightCohorts.age)),
    db
      .select({ month: sql<string>`substr(${insightContentDays.day}, 1, 7)`, kind: insightContentDays.kind, key: insightContentDays.key, label: sql<string>`max(${insightContentDays.label})`, count: sql<number>`sum(${insightContentDays.count})` })
      .from(insightContentDays)
      .where(and(eq(insightContentDays.communityId, c), between(insightContentDays.day, q.from, q.to)))
      .groupBy(sql`1`, insightContentDays.kind, insightContentDays.key),
    db.select().from(insightTopItems).where(and(eq(insightTopItems.communityId, c), between(insightTopItems.month, months[0], months[1]), eq(insightTopItems.kind, "drop"))).orderBy(desc(insightTopItems.readers)).limit(10),
    db.select().from(insightTopItems).where(and(eq(insightTopItems.communityId, c), between(insightTopItems.month, months[0], months[1]), eq(insightTopItems.kind, "thread"))).orderBy(desc(insightTopItems.replies), desc(insightTopItems.reactions)).limit(10),
    layerNames("leader"),
    layerNames("participant"),
    layerNames("reader"),
    // Dormant names: members active before who did nothing this month, most recently active first
    // (an index range, whatever the size; members never active are counted, not named).
    db
      .select({ email: insightMembers.email })
      .from(insightMembers)
      .where(and(eq(insightMembers.communityId, c), sql`${insightMembers.lastActiveDay} < ${months[1] + "-01"}`, liveMember))
      .orderBy(desc(insightMembers.lastActiveDay))
      .limit(NAMES_PER_LAYER),
    db
      .select()
      .from(insightMembers)
      .where(and(eq(insightMembers.communityId, c), between(insightMembers.lastActiveDay, riskWindow[0], riskWindow[1]), liveMember))
      .orderBy(desc(insightMembers.lastActiveDay))
      .limit(AT_RISK_LIST),
    db.select({ n: sql<number>`count(*)` }).from(
      db
        .select({ one: sql`1` })
        .from(insightMembers)
        .where(and(eq(insightMembers.communityId, c), between(insightMembers.lastActiveDay, riskWindow[0], riskWindow[1]), liveMember))
        .limit(AT_RISK_COUNT_CAP)
        .as("r"),
    ),
    db.select({ id: tiers.id, name: tiers.name }).from(tiers).where(eq(tiers.communityId, c)).orderBy(asc(tiers.rank)),
    db.select({ publishAt: drops.publishAt }).from(drops).where(and(eq(drops.communityId, c), eq(drops.status, "published"))).orderBy(desc(drops.publishAt)).limit(1),
    db.select({ day: insightDays.day }).from(insightDays).where(and(eq(insightDays.communityId, c), eq(insightDays.tierId, ""), sql`${insightDays.members} > 0`)).orderBy(asc(insightDays.day)).limit(1),
    // The lifecycle reads the last six months up to the last rolled-up day, whatever the range and tier.
    db.select().from(insightMonths).where(and(eq(insightMonths.communityId, c), between(insightMonths.month, addMonths(monthOf(through), -LIFECYCLE_MONTHS + 1), monthOf(through)))).orderBy(asc(insightMonths.month)),
    db
      .select({ day: insightDays.day, mrr: insightDays.mrr, mau: insightDays.mau })
      .from(insightDays)
      .where(and(eq(insightDays.communityId, c), eq(insightDays.tierId, ""), between(insightDays.day, monthFirstDay(addMonths(monthOf(through), -LIFECYCLE_MONTHS + 1)), through)))
      .orderBy(asc(insightDays.day)),
    planQuery(db, c),
    // One index probe: a community that never recorded a paid invoice gets the MRR estimate.
    db.select({ id: subscriptionInvoices.id }).from(subscriptionInvoices).where(eq(subscriptionInvoices.communityId, c)).limit(1),
  ]);
  const layerEmails = { leader: leaders, participant: participants, reader: readers, dormant };
  const names = await displayNames(db, community, [...Object.values(layerEmails).flatMap((rows) => rows.map((r) => r.email)), ...atRisk.map((r) => r.email)]);
  const nameOf = (email: string) => names.get(email.toLowerCase())?.name ?? "Member";

  const subscriptionRevenueEstimated = anyInvoice.length === 0;
  const money = moneyByMonth(q.tierId ? tierDays : days, days, subscriptionRevenueEstimated);
  const activity = activitySummary(days);
  const funnel = funnelByWeek(days);
  const points: MonthPoint[] = recentMonths.map((m) => {
    const last = lifecycleDays.filter((d) => monthOf(d.day) === m.month).pop();
    return { month: m.month, members: m.members, mau: last?.mau ?? 0, mrr: last?.mrr ?? 0 };
  });
  const ageMonths = firstDay[0] ? monthsBetween(monthOf(firstDay[0].day), monthOf(through)) : 0;
  const lifecycle = lifecycleStage(points, ageMonths);
  const recentDays = days.filter((d) => d.day > addDays(q.to, -30));
  const lastDropAt = lastDrop[0]?.publishAt ?? null;
  const plan = planOf(planRows[0]);
  const cadence = cadenceByPeriod(days, plan, q.from, q.to);
  const health = healthItems({
    activeShare: activity.activeShare,
    atRisk: atRiskCount[0]?.n ?? 0,
    involuntaryRecent: recentDays.reduce((a, d) => a + d.churnedInvoluntary, 0),
    medianDecisionHours: median(recentDays.flatMap((d) => d.decisionHours)),
    reviewDays: community.reviewDays,
    daysSinceLastDrop: lastDropAt ? Math.floor((opts.now.getTime() - lastDropAt.getTime()) / 86_400_000) : null,
    memberPostShare: activity.memberPostShare,
    cadenceMiss: lastMiss(cadence),
    period: plan.period,
    stage: lifecycle.stage,
    money: opts.money,
  });
  return {
    query: q,
    through,
    rolled: days.length > 0,
    tiers: tierList,
    currency: community.currency,
    health,
    funnel,
    money: opts.money ? { months: money, summary: moneySummary(money), subscriptionRevenueEstimated, days: (q.tierId ? tierDays : days).map((d) => ({ day: d.day, mrr: d.mrr, paying: d.paying })) } : null,
    activity: { summary: activity, days: days.map((d) => ({ day: d.day, dau: d.dau, wau: d.wau, mau: d.mau, members: d.members })) },
    layers: {
      months: monthRows,
      names: Object.fromEntries(LAYERS.map((l) => [l, layerEmails[l].map((r) => nameOf(r.email))])) as Record<Layer, string[]>,
    },
    heatmap: heatmap(days),
    posts: { threads: sum(days, (d) => d.threads), replies: sum(days, (d) => d.replies), staff: sum(days, (d) => d.staffPosts) },
    content: { mix: content, topDrops, topThreads, lastDropAt, plan, cadence },
    cohorts,
    lifecycle,
    lifecyclePoints: points,
    atRisk: { count: atRiskCount[0]?.n ?? 0, capped: (atRiskCount[0]?.n ?? 0) >= AT_RISK_COUNT_CAP, members: atRisk.map((r) => ({ email: r.email, name: nameOf(r.email), lastActiveDay: r.lastActiveDay, nudgedAt: r.nudgedAt })) },
  };
}

const sum = (days: InsightDay[], f: (d: InsightDay) => number) => days.reduce((a, d) => a + f(d), 0);


export type { InsightCohort, InsightMonth };
