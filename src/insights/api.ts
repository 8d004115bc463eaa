import { z } from "@hono/zod-openapi";
import { createRoute } from "../api/openapi";
import type { Context } from "hono";
import { communityStaff, type StaffAccessInfo } from "../api/access";
import { createApiRouter, errorResponses, jsonContent, staffSecurity } from "../api/openapi";
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
  z.string().max(10).openapi({ example: "2026-05-31" }),
);

const InsightsQuery = z.object(lazyFields({
  from: () => Day.optional().openapi({ description: "First day (UTC), default six months before `to`" }),
  to: () => Day.optional().openapi({ description: "Last day (UTC), default the last rolled-up day; at most two years after `from`" }),
  tier: () => z.string().max(64).optional().openapi({ description: "A tier id: money and membership figures of that tier only" }),
}));

const Range = z.lazy(() =>
  z.object({ from: Day, to: Day, tier: z.string().nullable(), through: Day.unwrap().openapi({ description: "The last day the rollups reach" }) }),
);

const FunnelSchema = z.lazy(() =>
  z.object({
    range: Range,
    weeks: z.array(
      z.object({
        week: Day.unwrap().openapi({ description: "Monday of the week the applications were made" }),
        visitors: z.number().int().openapi({ description: "Landing-page visitors, each counted once a day (before that was counted: a running application-fee test's exposures)" }),
        applications: z.number().int(),
        feesPaid: z.number().int(),
        approved: z.number().int(),
        rejected: z.number().int(),
        joined: z.number().int(),
        retained30: z.number().int(),
        retained90: z.number().int(),
        medianDecisionHours: z.number().nullable(),
      }),
    ),
  })
  .openapi("InsightsFunnel"),
);

const MonthCounts = z.lazy(() =>
  z.object({ month: z.string(), members: z.number().int(), leaders: z.number().int(), participants: z.number().int(), readers: z.number().int(), dormant: z.number().int(), moves: z.record(z.string(), z.number().int()) }),
);

const ActivitySchema = z.lazy(() =>
  z.object({
    range: Range,
    summary: z.object({ dau: z.number(), wau: z.number().int(), mau: z.number().int(), members: z.number().int(), stickiness: z.number().nullable(), activeShare: z.number().nullable(), memberPostShare: z.number().nullable() }),
    days: z.array(z.object({ day: Day, dau: z.number().int(), wau: z.number().int(), mau: z.number().int(), members: z.number().int() })),
    layers: z.object({ months: z.array(MonthCounts), names: z.record(z.string(), z.array(z.string())).openapi({ description: "Display names in each layer in the range's last month (a few per layer)" }) }),
    heatmap: z.array(z.array(z.number().int())).openapi({ description: "Posts and replies by weekday (Monday first) and UTC hour" }),
    content: z.object({
      mix: z.array(z.object({ month: z.string(), kind: z.string(), key: z.string(), label: z.string(), count: z.number().int() })),
      topDrops: z.array(z.object({ month: z.string(), refId: z.string(), title: z.string(), readers: z.number().int() })),
      topThreads: z.array(z.object({ month: z.string(), refId: z.string(), title: z.string(), replies: z.number().int(), reactions: z.number().int() })),
      plan: z.object({ target: z.number().int().nullable(), period: z.enum(["week", "month"]) }).openapi({ description: "The owner's plan: `target` drops per `period` (null: no plan)" }),
      cadence: z
        .array(z.object({ start: Day, planned: z.number().int().nullable(), delivered: z.number().int(), complete: z.boolean() }))
        .openapi({ description: "Drops planned and published per week or month of the range; `complete` is false for a period the range cuts short" }),
    }),
    cohorts: z.array(z.object({ cohort: z.string(), age: z.number().int(), size: z.number().int(), members: z.number().int(), active: z.number().int() })),
    atRisk: z.object({ count: z.number().int(), members: z.array(z.object({ name: z.string(), email: z.string(), lastActiveDay: Day, nudged: z.boolean() })) }),
    lifecycle: z.object({ stage: z.enum(["start", "growth", "maturity", "decline"]), ageMonths: z.number().int(), trends: z.object({ members: z.number().nullable(), mau: z.number().nullable() }) }),
    health: z.array(z.object({ title: z.string(), detail: z.string() })),
  })
  .openapi("InsightsActivity"),
);

const MoneySchema = z.lazy(() =>
  z.object({
    range: Range,
    currency: z.string(),
    subscriptionRevenueEstimated: z.boolean().openapi({ description: "True when the community has no recorded invoices yet and subscription revenue is estimated from daily MRR" }),
    summary: z.object({ mrr: z.number().int(), arpm: z.number().nullable(), monthlyChurn: z.number().nullable(), ltv: z.number().nullable(), voluntary: z.number().int(), involuntary: z.number().int(), recoveries: z.number().int() }),
    months: z.array(
      z.object({
        month: z.string(),
        mrr: z.number().int(),
        paying: z.number().int(),
        members: z.number().int(),
        newMrr: z.number().int(),
        expansionMrr: z.number().int(),
        contractionMrr: z.number().int(),
        churnedMrr: z.number().int(),
        reactivatedMrr: z.number().int(),
        joined: z.number().int(),
        churnedVoluntary: z.number().int(),
        churnedInvoluntary: z.number().int(),
        recoveries: z.number().int(),
        subscriptionRevenue: z.number().int(),
        subscriptionRefunds: z.number().int().openapi({ description: "Subscription payments refunded in the month, by refund day" }),
        feeRevenue: z.number().int(),
        feeRefunds: z.number().int(),
        netRevenue: z.number().int(),
        arpm: z.number().nullable(),
      }),
    ),
  })
  .openapi("InsightsMoney", { description: "Amounts in the currency's minor unit (cents)" }),
);

const route = (path: string, summary: string, schema: z.ZodType, owners: boolean) =>
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
