import * as z from "zod/mini";
import type * as core from "zod/v4/core";
import { createRoute, unlazy, createApiRouter, errorResponses, jsonContent, staffSecurity } from "../api/openapi";
import type { Context } from "hono";
import { communityStaff, type StaffAccessInfo } from "../api/access";
import { SlugParams } from "../api/schemas";
import type { AppEnv } from "../app-env";
import { OWNERS_ONLY } from "../communities/admin-context";
import type { InsightsReport } from "./report";
import { reportFor } from "./report-request";
import { lazyFields } from "../lib/lazy-fields";

/**
 * The Insights figures under /api/v1, read from the same rollups as the page: the funnel and
 * the activity parts for staff, money for owners only (a moderator gets 403).
 */

const tags = ["Insights"];
const Day = z.lazy(() =>
  z.string().check(z.maxLength(10), z.meta({ example: "2026-05-31" })),
);

const InsightsQuery = z.object(lazyFields({
  from: () => z.optional(Day).check(z.meta({ description: "First day (UTC), default six months before `to`" })),
  to: () => z.optional(Day).check(z.meta({ description: "Last day (UTC), default the last rolled-up day; at most two years after `from`" })),
  tier: () => z.optional(z.string().check(z.maxLength(64))).check(z.meta({ description: "A tier id: money and membership figures of that tier only" })),
}));

const Range = z.lazy(() =>
  z.object({ from: Day, to: Day, tier: z.nullable(z.string()), through: unlazy(Day).check(z.meta({ description: "The last day the rollups reach" })) }),
);

const FunnelSchema = z.lazy(() =>
  z.object({
    range: Range,
    weeks: z.array(
      z.object({
        week: unlazy(Day).check(z.meta({ description: "Monday of the week the applications were made" })),
        visitors: z.number().check(z.int(), z.meta({ description: "Landing-page visitors, each counted once a day (before that was counted: a running application-fee test's exposures)" })),
        applications: z.number().check(z.int()),
        feesPaid: z.number().check(z.int()),
        approved: z.number().check(z.int()),
        rejected: z.number().check(z.int()),
        joined: z.number().check(z.int()),
        retained30: z.number().check(z.int()),
        retained90: z.number().check(z.int()),
        medianDecisionHours: z.nullable(z.number()),
      }),
    ),
  }).check(z.meta({ id: "InsightsFunnel" })),
);

const MonthCounts = z.lazy(() =>
  z.object({ month: z.string(), members: z.number().check(z.int()), leaders: z.number().check(z.int()), participants: z.number().check(z.int()), readers: z.number().check(z.int()), dormant: z.number().check(z.int()), moves: z.record(z.string(), z.number().check(z.int())) }),
);

const ActivitySchema = z.lazy(() =>
  z.object({
    range: Range,
    summary: z.object({ dau: z.number(), wau: z.number().check(z.int()), mau: z.number().check(z.int()), members: z.number().check(z.int()), stickiness: z.nullable(z.number()), activeShare: z.nullable(z.number()), memberPostShare: z.nullable(z.number()) }),
    days: z.array(z.object({ day: Day, dau: z.number().check(z.int()), wau: z.number().check(z.int()), mau: z.number().check(z.int()), members: z.number().check(z.int()) })),
    layers: z.object({ months: z.array(MonthCounts), names: z.record(z.string(), z.array(z.string())).check(z.meta({ description: "Display names in each layer in the range's last month (a few per layer)" })) }),
    heatmap: z.array(z.array(z.number().check(z.int()))).check(z.meta({ description: "Posts and replies by weekday (Monday first) and UTC hour" })),
    content: z.object({
      mix: z.array(z.object({ month: z.string(), kind: z.string(), key: z.string(), label: z.string(), count: z.number().check(z.int()) })),
      topDrops: z.array(z.object({ month: z.string(), refId: z.string(), title: z.string(), readers: z.number().check(z.int()) })),
      topThreads: z.array(z.object({ month: z.string(), refId: z.string(), title: z.string(), replies: z.number().check(z.int()), reactions: z.number().check(z.int()) })),
      plan: z.object({ target: z.nullable(z.number().check(z.int())), period: z.enum(["week", "month"]) }).check(z.meta({ description: "The owner's plan: `target` drops per `period` (null: no plan)" })),
      cadence: z.array(z.object({ start: Day, planned: z.nullable(z.number().check(z.int())), delivered: z.number().check(z.int()), complete: z.boolean() })).check(z.meta({ description: "Drops planned and published per week or month of the range; `complete` is false for a period the range cuts short" })),
    }),
    cohorts: z.array(z.object({ cohort: z.string(), age: z.number().check(z.int()), size: z.number().check(z.int()), members: z.number().check(z.int()), active: z.number().check(z.int()) })),
    atRisk: z.object({ count: z.number().check(z.int()), members: z.array(z.object({ name: z.string(), email: z.string(), lastActiveDay: Day, nudged: z.boolean() })) }),
    lifecycle: z.object({ stage: z.enum(["start", "growth", "maturity", "decline"]), ageMonths: z.number().check(z.int()), trends: z.object({ members: z.nullable(z.number()), mau: z.nullable(z.number()) }) }),
    health: z.array(z.object({ title: z.string(), detail: z.string() })),
  }).check(z.meta({ id: "InsightsActivity" })),
);

const MoneySchema = z.lazy(() =>
  z.object({
    range: Range,
    currency: z.string(),
    subscriptionRevenueEstimated: z.boolean().check(z.meta({ description: "True when the community has no recorded invoices yet and subscription revenue is estimated from daily MRR" })),
    summary: z.object({ mrr: z.number().check(z.int()), arpm: z.nullable(z.number()), monthlyChurn: z.nullable(z.number()), ltv: z.nullable(z.number()), voluntary: z.number().check(z.int()), involuntary: z.number().check(z.int()), recoveries: z.number().check(z.int()) }),
    months: z.array(
      z.object({
        month: z.string(),
        mrr: z.number().check(z.int()),
        paying: z.number().check(z.int()),
        members: z.number().check(z.int()),
        newMrr: z.number().check(z.int()),
        expansionMrr: z.number().check(z.int()),
        contractionMrr: z.number().check(z.int()),
        churnedMrr: z.number().check(z.int()),
        reactivatedMrr: z.number().check(z.int()),
        joined: z.number().check(z.int()),
        churnedVoluntary: z.number().check(z.int()),
        churnedInvoluntary: z.number().check(z.int()),
        recoveries: z.number().check(z.int()),
        subscriptionRevenue: z.number().check(z.int()),
        subscriptionRefunds: z.number().check(z.int(), z.meta({ description: "Subscription payments refunded in the month, by refund day" })),
        feeRevenue: z.number().check(z.int()),
        feeRefunds: z.number().check(z.int()),
        netRevenue: z.number().check(z.int()),
        arpm: z.nullable(z.number()),
      }),
    ),
  }).check(z.meta({ id: "InsightsMoney", description: "Amounts in the currency's minor unit (cents)" })),
);

const route = (path: string, summary: string, schema: core.$ZodType, owners: boolean) =>
  createRoute({
    method: "get",
    path: `/communities/{slug}/insights/${path}`,
    tags,
    summary,
    security: staffSecurity,
    middleware: communityStaff(owners ? OWNERS_ONLY : undefined),
    request: { params: SlugParams, query: InsightsQuery },
    responses: { 200: jsonContent(schema, summary), ...errorResponses(400, 401, 403, 404) },
  });

const funnelRoute = route("funnel", "The funnel by week of application (owners and moderators)", FunnelSchema, false);
const activityRoute = route("activity", "Activity, layers, content, retention and lifecycle (owners and moderators)", ActivitySchema, false);
const moneyRoute = route("money", "MRR and its movements, revenue, churn and LTV by month (owners only)", MoneySchema, true);

type StaffContext = Context<AppEnv & { Variables: { staff: StaffAccessInfo } }>;

async function report(c: StaffContext): Promise<InsightsReport> {
  // The staff middleware only adds `staff` to AppEnv, so the context is the app's one.
  return reportFor(c as unknown as Context<AppEnv>, c.get("staff"), { from: c.req.query("from"), to: c.req.query("to"), tier: c.req.query("tier") });
}

const range = (r: InsightsReport) => ({ from: r.query.from, to: r.query.to, tier: r.query.tierId || null, through: r.through });

export const insightsApi = createApiRouter()
  .openapi(funnelRoute, async (c) => {
    const r = await report(c as unknown as StaffContext);
    return c.json({ range: range(r), weeks: r.funnel }, 200);
  })
  .openapi(activityRoute, async (c) => {
    const r = await report(c as unknown as StaffContext);
    return c.json(
      {
        range: range(r),
        summary: r.activity.summary,
        days: r.activity.days,
        layers: { months: r.layers.months.map(({ communityId: _c, ...m }) => m), names: r.layers.names },
        heatmap: r.heatmap,
        content: {
          mix: r.content.mix,
          topDrops: r.content.topDrops.map((d) => ({ month: d.month, refId: d.refId, title: d.title, readers: d.readers })),
          topThreads: r.content.topThreads.map((t) => ({ month: t.month, refId: t.refId, title: t.title, replies: t.replies, reactions: t.reactions })),
          plan: r.content.plan,
          cadence: r.content.cadence,
        },
        cohorts: r.cohorts.map(({ communityId: _c, ...x }) => x),
        atRisk: { count: r.atRisk.count, members: r.atRisk.members.map((m) => ({ name: m.name, email: m.email, lastActiveDay: m.lastActiveDay, nudged: m.nudgedAt !== null })) },
        lifecycle: { stage: r.lifecycle.stage, ageMonths: r.lifecycle.ageMonths, trends: { members: r.lifecycle.trends.members, mau: r.lifecycle.trends.mau } },
        health: r.health.map((h) => ({ title: h.title, detail: h.detail })),
      },
      200,
    );
  })
  .openapi(moneyRoute, async (c) => {
    const r = await report(c as unknown as StaffContext);
    return c.json({ range: range(r), currency: r.currency, subscriptionRevenueEstimated: r.money!.subscriptionRevenueEstimated, summary: r.money!.summary, months: r.money!.months }, 200);
  });
