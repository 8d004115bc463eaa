import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { Community } from "../../drizzle";
import { setStaffRole } from "../../src/communities/service";
import { addDays, dayOf } from "../../src/insights/days";
import { weekOf } from "../../src/insights/figures";
import { cadenceByPeriod, lastMiss } from "../../src/insights/plan";
import { call, postForm, signIn, tools } from "../helpers";
import { runCron } from "../jobs";
import { historyCommunity } from "./helpers";

/**
 * The cadence against the owner's plan: drops published per day are rolled up, the owner sets
 * "N drops a week or month", and the content section shows planned against published per
 * period (plot, table, CSV), with a missed last period in the attention summary.
 */

describe("cadence by period", () => {
  const days = (entries: [string, number][]) => entries.map(([day, drops]) => ({ day, drops }));
  it("leaves out a period cut by the range's start and marks one cut by its end", () => {
    // 2026-06-03 is a Wednesday: its week began before the range, so it is left out.
    const rows = days([["2026-06-03", 1], ["2026-06-08", 1], ["2026-06-10", 1], ["2026-06-15", 0], ["2026-06-22", 1]]);
    const weeks = cadenceByPeriod(rows, { target: 2, period: "week" }, "2026-06-03", "2026-06-23");
    expect(weeks).toEqual([
      { start: "2026-06-08", planned: 2, delivered: 2, complete: true },
      { start: "2026-06-15", planned: 2, delivered: 0, complete: true },
      { start: "2026-06-22", planned: 2, delivered: 1, complete: false },
    ]);
    // The last complete week missed; the week under way never counts as missed.
    expect(lastMiss(weeks)?.start).toBe("2026-06-15");
    expect(lastMiss(weeks.slice(0, 1))).toBeNull();
    const months = cadenceByPeriod(rows, { target: 4, period: "month" }, "2026-06-01", "2026-06-30");
    expect(months).toEqual([{ start: "2026-06-01", planned: 4, delivered: 4, complete: true }]);
    expect(lastMiss(months)).toBeNull();
    expect(cadenceByPeriod(rows, { target: null, period: "week" }, "2026-06-01", "2026-06-30").map((p) => p.planned)).toEqual([null, null, null, null]);
  });
});

describe("the content plan on the Insights page", () => {
  let community: Community;
  let owner: string;
  const today = dayOf(tools().deps.now());
  // Three whole weeks before this one: two drops, then one, then none.
  const w0 = addDays(weekOf(today), -21);
  const w1 = addDays(w0, 7);
  const w2 = addDays(w0, 14);

  beforeAll(async () => {
    ({ community } = await historyCommunity());
    const { deps } = tools();
    await setStaffRole(deps, community.id, "mod-plan@example.com", "moderator");
    let n = 0;
    for (const day of [w0, addDays(w0, 2), w1]) {
      const at = Date.parse(`${day}T09:00:00Z`);
      await env.DB.prepare(
        `insert into drops (id, community_id, title, body, topics, status, publish_at, published_at, author_email, created_at, updated_at)
         values (?1, ?2, ?3, 'Body', '["notes","career"]', 'published', ?4, ?4, 'owner@example.com', ?4, ?4)`,
      )
        .bind(`drop_plan${++n}`, community.id, `Drop ${n}`, at)
        .run();
    }
    // The community began before its first drop (the rollups start at its creation).
    await env.DB.prepare("update communities set created_at = ?1 where id = ?2").bind(Date.parse(`${addDays(w0, -7)}T00:00:00Z`), community.id).run();
    await runCron(deps.now());
    owner = await signIn("owner@example.com");
  });

  it("rolls up the drops published each day, once per drop whatever its topics", async () => {
    const rows = (await env.DB.prepare("select day, drops from insight_days where community_id = ? and tier_id = '' and drops > 0 order by day").bind(community.id).all()).results;
    expect(rows).toEqual([
      { day: w0, drops: 1 },
      { day: addDays(w0, 2), drops: 1 },
      { day: w1, drops: 1 },
    ]);
  });

  it("takes the owner's plan, naming a bad field, and refuses moderators", async () => {
    const path = `/c/${community.slug}/admin/insights/plan`;
    const bad = await postForm(path, { target: "two", period: "week" }, owner);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("whole number");
    expect((await postForm(path, { target: "2", period: "fortnight" }, owner)).status).toBe(400);
    expect((await postForm(path, { target: "0", period: "week" }, owner)).status).toBe(400);
    expect((await postForm(path, { target: "2", period: "week" }, await signIn("mod-plan@example.com"))).status).toBe(403);
    const ok = await postForm(path, { target: "2", period: "week" }, owner);
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toContain("#cadence");
  });

  it("shows planned against published by week, and a missed week in the attention summary", async () => {
    const html = await (await call(`/c/${community.slug}/admin/insights`, { cookie: owner })).text();
    expect(html).toContain('id="plot-cadence-title"');
    expect(html).toContain(`0 of 2 planned drops went out in the week of ${w2}`);
    expect(html.indexOf(`week of ${w2}`)).toBeLessThan(html.indexOf('id="content-h"'));
    const csv = (await (await call(`/c/${community.slug}/admin/insights/export/cadence.csv`, { cookie: owner })).text()).trim().split("\r\n");
    expect(csv[0]).toBe("week of,planned,published,kept the plan");
    expect(csv).toContain(`${w0},2,2,yes`);
    expect(csv).toContain(`${w1},2,1,no`);
    expect(csv).toContain(`${w2},2,0,no`);
    const api = (await (await call(`/api/v1/communities/${community.slug}/insights/activity`, { cookie: owner })).json()) as { content: { plan: unknown; cadence: { start: string; delivered: number }[] } };
    expect(api.content.plan).toEqual({ target: 2, period: "week" });
    expect(api.content.cadence.find((p) => p.start === w0)?.delivered).toBe(2);
  });

  it("shows published drops only when the plan is cleared", async () => {
    expect((await postForm(`/c/${community.slug}/admin/insights/plan`, { target: "", period: "month" }, owner)).status).toBe(303);
    const html = await (await call(`/c/${community.slug}/admin/insights`, { cookie: owner })).text();
    expect(html).not.toContain("planned drops went out");
    const csv = (await (await call(`/c/${community.slug}/admin/insights/export/cadence.csv`, { cookie: owner })).text()).trim().split("\r\n");
    expect(csv[0]).toBe("month,planned,published,kept the plan");
    expect(csv.some((l) => l.endsWith(",no plan"))).toBe(true);
  });
});
