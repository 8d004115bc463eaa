import { beforeAll, describe, expect, it } from "vitest";
import { setStaffRole } from "../../src/communities/service";
import { addDays, dayOf } from "../../src/insights/days";
import { bulkMembers } from "../bulk";
import { call, latestEmail, postForm, signIn, tools } from "../helpers";
import { runCron } from "../jobs";
import { activity, historyCommunity, ledger } from "./helpers";
import { env } from "cloudflare:workers";
import type { Community, Tier } from "../../drizzle";

/** The Insights page, its CSV exports, the nudge and the API, through the worker, for owners and moderators. */

const OWNER = "owner@example.com";
let community: Community;
let member: Tier;
let ownerCookie: string;
let modCookie: string;
const quiet = () => `${community.slug}-m000001@example.com`;
const busy = () => `${community.slug}-m000002@example.com`;

beforeAll(async () => {
  ({ community, member } = await historyCommunity());
  const { deps } = tools();
  const today = dayOf(deps.now());
  await bulkMembers(env.DB, { communityId: community.id, tierId: member.id, count: 3, prefix: `${community.slug}-m`, joinedAt: new Date(`${addDays(today, -60)}T10:00:00Z`) });
  for (const i of [1, 2, 3]) await ledger(community, `${community.slug}-m00000${i}@example.com`, member.id, "active", 2900, `${addDays(today, -60)}T10:00:00Z`);
  await activity(community, quiet(), addDays(today, -40), { posts: 1, visits: 1 });
  await activity(community, busy(), addDays(today, -3), { replies: 2, visits: 1 });
  await setStaffRole(deps, community.id, "mod@example.com", "moderator");
  await runCron(deps.now());
  ownerCookie = await signIn(OWNER);
  modCookie = await signIn("mod@example.com");
});

describe("the Insights page", () => {
  it("shows the owner every part, with the health summary first", async () => {
    const res = await call(`/c/${community.slug}/admin/insights`, { cookie: ownerCookie });
    expect(res.status).toBe(200);
    const html = await res.text();
    const order = ["health", "funnel", "money", "activity", "layers", "content", "retention", "lifecycle"].map((h) => html.indexOf(`id="${h}-h"`));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(html).toContain("$87.00");
    // One of three members active in 30 days: below the 60% mark, and the quiet member is at risk.
    expect(html).toContain("33% of members were active in the last 30 days");
    expect(html).toContain(`name="member" value="${quiet()}"`);
    expect(html).toContain('href="/c/' + community.slug + '/admin/insights"');
    // Its history was written straight into the ledger, with no paid invoice recorded: an estimate, said so.
    expect(html).toContain("Subscription revenue is estimated from daily MRR");
  });

  it("shows moderators the activity parts, not the money", async () => {
    const res = await call(`/c/${community.slug}/admin/insights`, { cookie: modCookie });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('id="activity-h"');
    expect(html).not.toContain('id="money-h"');
    expect(html).not.toContain("$87.00");
    expect((await call(`/c/${community.slug}/admin/insights/export/money.csv`, { cookie: modCookie })).status).toBe(403);
    expect((await call(`/api/v1/communities/${community.slug}/insights/money`, { cookie: modCookie })).status).toBe(403);
    expect((await call(`/api/v1/communities/${community.slug}/insights/activity`, { cookie: modCookie })).status).toBe(200);
  });

  it("names a bad range or an unknown tier with a 400", async () => {
    const bad = await call(`/c/${community.slug}/admin/insights?from=2026-13-45`, { cookie: ownerCookie });
    expect(bad.status).toBe(400);
    const backwards = await call(`/api/v1/communities/${community.slug}/insights/funnel?from=2026-05-02&to=2026-05-01`, { cookie: ownerCookie });
    expect(backwards.status).toBe(400);
    expect(((await backwards.json()) as { error: { details: { field: string }[] } }).error.details[0]!.field).toBe("from");
    const tier = await call(`/c/${community.slug}/admin/insights?tier=tier_nope`, { cookie: ownerCookie });
    expect(tier.status).toBe(400);
    expect((await call(`/c/${community.slug}/admin/insights?from=2020-01-01&to=2026-01-01`, { cookie: ownerCookie })).status).toBe(400);
  });

  it("exports each table as CSV with what the page shows", async () => {
    const res = await call(`/c/${community.slug}/admin/insights/export/money.csv?tier=${member.id}`, { cookie: ownerCookie });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    const lines = (await res.text()).trim().split("\r\n");
    expect(lines[0]).toMatch(/^month,MRR,paying members,new,/);
    expect(lines[0]).toContain(",subscription revenue (estimated from MRR),");
    expect(lines[lines.length - 1]).toMatch(/,87\.00,3,/);
    expect((await call(`/c/${community.slug}/admin/insights/export/nope.csv`, { cookie: ownerCookie })).status).toBe(404);
  });

  it("lets the owner nudge a quiet member once", async () => {
    const res = await postForm(`/c/${community.slug}/admin/insights/nudge`, { member: quiet() }, ownerCookie);
    expect(res.status).toBe(303);
    expect((await latestEmail(quiet(), "insights_nudge"))?.subject).toContain(community.name);
    expect((await postForm(`/c/${community.slug}/admin/insights/nudge`, { member: quiet() }, ownerCookie)).status).toBe(409);
    // Active last week: not at risk.
    expect((await postForm(`/c/${community.slug}/admin/insights/nudge`, { member: busy() }, ownerCookie)).status).toBe(409);
    expect((await postForm(`/c/${community.slug}/admin/insights/nudge`, { member: quiet() }, modCookie)).status).toBe(403);
  });

  it("serves the same figures under /api/v1, described in OpenAPI", async () => {
    const money = await call(`/api/v1/communities/${community.slug}/insights/money`, { cookie: ownerCookie });
    expect(money.status).toBe(200);
    const body = (await money.json()) as { summary: { mrr: number }; currency: string; subscriptionRevenueEstimated: boolean };
    expect(body.summary.mrr).toBe(8700);
    expect(body.subscriptionRevenueEstimated).toBe(true);
    const doc = (await (await call("/api/v1/openapi.json")).json()) as { paths: Record<string, unknown> };
    for (const p of ["funnel", "activity", "money"]) expect(doc.paths[`/communities/{slug}/insights/${p}`]).toBeTruthy();
  });
});
