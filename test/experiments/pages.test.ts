import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, communities, experimentDaily, experiments, experimentSnapshots, experimentVariants, type Community } from "../../drizzle";
import { setStaffRole } from "../../src/communities/service";
import { createExperiment, startExperiment } from "../../src/experiments/service";
import { PLAN_RUNS, planTest } from "../../src/experiments/stats";
import { call, makeCommunity, postForm, signIn, tools } from "../helpers";
import { communityWithTier } from "../tiers/helpers";
import { tierExperiment } from "./helpers";

const DAY = 86_400_000;
const MODERATOR = "experiments-mod@example.com";

const validForm = (overrides: Record<string, string> = {}) => ({
  name: "Fee: $25 vs $35",
  target: "application_fee",
  priceA: "25.00",
  weightA: "50",
  priceB: "35",
  weightB: "50",
  priceC: "",
  weightC: "",
  priceD: "",
  weightD: "",
  mode: "fixed",
  conversionWindowDays: "14",
  maxDurationDays: "42",
  ...overrides,
});

async function experimentRows(communityId: string) {
  return tools().deps.db.select().from(experiments).where(eq(experiments.communityId, communityId));
}

async function variantRows(experimentId: string) {
  return tools().deps.db.select().from(experimentVariants).where(eq(experimentVariants.experimentId, experimentId)).orderBy(experimentVariants.position);
}

async function auditActions(communityId: string, subject: string) {
  const rows = await tools().deps.db.select().from(auditLog).where(and(eq(auditLog.communityId, communityId), eq(auditLog.subject, subject))).orderBy(auditLog.createdAt);
  return rows.map((r) => r.action);
}

/** A running fee experiment at $25 / $35 with counters written straight into the aggregates. */
async function seededExperiment(
  community: Community,
  data: { days: number; a: [number, number]; b: [number, number]; snapshots?: [number, number][] },
) {
  const { deps } = tools();
  const created = await createExperiment(deps, community, { name: "Seeded", target: "application_fee", mode: "fixed", variants: [{ price: 2500, weight: 1 }, { price: 3500, weight: 1 }], conversionWindowDays: 14, maxDurationDays: 42, refundToLowest: false, autoPromote: false }, "owner@example.com");
  const id = created.experiment.id;
  await startExperiment(deps, community, id, "owner@example.com");
  const now = deps.now();
  const startedAt = new Date(now.getTime() - data.days * DAY);
  await deps.db.update(experiments).set({ startedAt }).where(eq(experiments.id, id));
  const [va, vb] = created.variants as [(typeof created.variants)[0], (typeof created.variants)[0]];
  const counters = [
    [va, data.a],
    [vb, data.b],
  ] as const;
  for (const [v, [exposures, conversions]] of counters) {
    await deps.db.update(experimentVariants).set({ exposures, conversions, revenue: conversions * v.price, revenueSq: conversions * v.price * v.price }).where(eq(experimentVariants.id, v.id));
    // Spread evenly over the days (the remainder on the last day), so the daily plots have lines.
    for (let d = 0; d < data.days; d++) {
      const day = new Date(startedAt.getTime() + d * DAY).toISOString().slice(0, 10);
      const share = (n: number) => Math.floor(n / data.days) + (d === data.days - 1 ? n % data.days : 0);
      await deps.db.insert(experimentDaily).values({ experimentId: id, variantId: v.id, day, exposures: share(exposures), conversions: share(conversions), revenue: share(conversions) * v.price, weight: 0.5 });
    }
  }
  for (const [i, [pa, pb]] of (data.snapshots ?? []).entries()) {
    const day = new Date(startedAt.getTime() + (i + 1) * DAY).toISOString().slice(0, 10);
    await deps.db.insert(experimentSnapshots).values({ experimentId: id, day, chanceToBeBest: { A: pa, B: pb }, createdAt: now });
  }
  return { id, variants: [va, vb] };
}

describe("owner experiment pages", () => {
  let owner: string;
  let moderator: string;
  beforeAll(async () => {
    owner = await signIn("owner@example.com");
    moderator = await signIn(MODERATOR);
  });

  async function setup() {
    const { community } = await makeCommunity({ feeAmount: 2500 }, []);
    await setStaffRole(tools().deps, community.id, MODERATOR, "moderator");
    return { community, base: `/c/${community.slug}/admin/experiments` };
  }

  it("the new form labels every input and sits beside the planner", async () => {
    const { base } = await setup();
    const res = await call(`${base}/new`, { cookie: owner });
    expect(res.status).toBe(200);
    const html = await res.text();
    const labels: [string, string][] = [
      ["exp-name", "Name"],
      ["exp-target", "Price to test"],
      ["exp-priceA", "Price A (control)"],
      ["exp-weightA", "Weight A"],
      ["exp-priceB", "Price B"],
      ["exp-weightB", "Weight B"],
      ["exp-priceC", "Price C (optional)"],
      ["exp-priceD", "Price D (optional)"],
      ["exp-conversionWindowDays", "Conversion window (days)"],
      ["exp-maxDurationDays", "Maximum duration (days)"],
      ["plan-baseline", "Conversion rate today (%)"],
      ["plan-daily", "Visitors per day"],
      ["plan-variants", "Price points"],
      ["plan-mode", "Traffic split"],
    ];
    for (const [id, label] of labels) expect(html).toContain(`<label for="${id}">${label}</label>`);
    expect(html).toContain('<label class="choice" for="exp-refundToLowest">');
    expect(html).toContain("Refund down to the lowest tested price");
    expect(html).toContain("Promote the winner automatically");
    expect(html).toContain("<legend>Traffic split</legend>");
    // Today's fee is the control, prefilled.
    expect(html).toContain('id="exp-priceA" name="priceA" type="text" value="25.00"');
    expect(html).toContain('<form method="get" action="' + base + '/new"');
  });

  it("moderators read the list and results, but every change is refused with 403", async () => {
    const { community, base } = await setup();
    const { id } = await seededExperiment(community, { days: 3, a: [40, 1], b: [42, 2] });
    expect((await call(base, { cookie: moderator })).status).toBe(200);
    const detail = await call(`${base}/${id}`, { cookie: moderator });
    expect(detail.status).toBe(200);
    const html = await detail.text();
    expect(html).not.toContain("Stop experiment");
    expect(html).not.toContain("Promote a winner");
    expect((await call(`${base}/new`, { cookie: moderator })).status).toBe(403);
    expect((await call(`${base}/willingness`, { cookie: moderator })).status).toBe(403);
    expect((await postForm(`${base}/new`, validForm(), moderator)).status).toBe(403);
    for (const action of ["start", "pause", "resume", "stop", "promote"]) expect((await postForm(`${base}/${id}/${action}`, { reason: "x" }, moderator)).status).toBe(403);
    expect((await experimentRows(community.id)).map((e) => e.status)).toEqual(["running"]);
    // Signed out: sent to sign in. The nav shows moderators the Experiments link.
    expect((await call(base)).status).toBeGreaterThanOrEqual(300);
    expect(await (await call(`/c/${community.slug}/admin/applications`, { cookie: moderator })).text()).toContain(`href="${base}"`);
  });

  it("refuses bad prices with 400, naming each field and keeping what was typed", async () => {
    const { community, base } = await setup();
    const res = await postForm(`${base}/new`, validForm({ name: "Keep this name", priceA: "-5", priceB: "", weightA: "abc", priceD: "40", conversionWindowDays: "0" }), owner);
    expect(res.status).toBe(400);
    const html = await res.text();
    for (const id of ["exp-priceA", "exp-priceB", "exp-weightA", "exp-priceC", "exp-conversionWindowDays"]) expect(html).toContain(`id="${id}-error"`);
    expect(html).toContain("Price cannot be negative");
    expect(html).toContain("Enter a price, like 25.00");
    expect(html).toContain("Fill price C before price D");
    expect(html).toContain("Price A (control): Price cannot be negative");
    expect(html).toContain('value="Keep this name"');
    expect(html).toContain('value="40"');

    const same = await postForm(`${base}/new`, validForm({ priceB: "25" }), owner);
    expect(same.status).toBe(400);
    expect(await same.text()).toContain("Each price point must differ");
    const precise = await postForm(`${base}/new`, validForm({ priceB: "35.555", target: "tier:nope:month" }), owner);
    expect(precise.status).toBe(400);
    const preciseHtml = await precise.text();
    expect(preciseHtml).toContain('id="exp-priceB-error"');
    expect(preciseHtml).toContain('id="exp-target-error"');
    expect(await experimentRows(community.id)).toEqual([]);
  });

  it("creates an experiment through the form, audited, as a draft", async () => {
    const { community, base } = await setup();
    const res = await postForm(`${base}/new`, validForm({ refundToLowest: "on", mode: "bandit" }), owner);
    expect(res.status).toBe(303);
    const [row] = await experimentRows(community.id);
    expect(res.headers.get("location")).toBe(`${base}/${row!.id}?done=created`);
    expect(row).toMatchObject({ name: "Fee: $25 vs $35", target: "application_fee", status: "draft", mode: "bandit", refundToLowest: true, autoPromote: false, conversionWindowDays: 14 });
    expect((await variantRows(row!.id)).map((v) => [v.key, v.price, v.weight, v.isControl])).toEqual([
      ["A", 2500, 0.5, true],
      ["B", 3500, 0.5, false],
    ]);
    expect(await auditActions(community.id, row!.id)).toEqual(["experiment.created"]);
    const page = await (await call(`${base}/${row!.id}?done=created`, { cookie: owner })).text();
    expect(page).toContain("Experiment created as a draft");
    expect(page).toContain("Not started");
    expect(page).toContain("Start experiment");
    // A second open test of the same price is refused with the reason.
    const clash = await postForm(`${base}/new`, validForm({ name: "Another" }), owner);
    expect(clash.status).toBe(409);
    expect(await clash.text()).toContain("already tests this price");
  });

  it("tests a tier price too, refusing tier prices under the minimum", async () => {
    const { community, tier } = await communityWithTier();
    const base = `/c/${community.slug}/admin/experiments`;
    const target = `tier:${tier.id}:month`;
    const form = await (await call(`${base}/new`, { cookie: owner })).text();
    expect(form).toContain(`<option value="${target}">Member · monthly price (now $29.00)</option>`);
    const low = await postForm(`${base}/new`, validForm({ target, priceA: "29", priceB: "0.20" }), owner);
    expect(low.status).toBe(400);
    expect(await low.text()).toContain("Tier prices must be at least 0.50");
    const ok = await postForm(`${base}/new`, validForm({ target, priceA: "29", priceB: "39" }), owner);
    expect(ok.status).toBe(303);
    const [row] = await experimentRows(community.id);
    expect(row).toMatchObject({ target: "tier_price", tierId: tier.id, interval: "month" });
    expect(await (await call(base, { cookie: owner })).text()).toContain("Member · monthly price");
  });

  it("starts, pauses, resumes and stops through the forms, each change audited", async () => {
    const { community, base } = await setup();
    await postForm(`${base}/new`, validForm(), owner);
    const [row] = await experimentRows(community.id);
    const url = `${base}/${row!.id}`;
    const step = async (action: string, data: Record<string, string> = {}) => {
      const res = await postForm(`${url}/${action}`, data, owner);
      return { status: res.status, location: res.headers.get("location"), html: res.status === 303 ? "" : await res.text() };
    };
    expect(await step("start")).toMatchObject({ status: 303, location: `${url}?done=started` });
    expect((await experimentRows(community.id))[0]!.status).toBe("running");
    expect(await step("pause")).toMatchObject({ status: 303, location: `${url}?done=paused` });
    expect((await experimentRows(community.id))[0]!.status).toBe("paused");
    const pausedPage = await (await call(`${url}?done=paused`, { cookie: owner })).text();
    expect(pausedPage).toContain("Experiment paused");
    expect(pausedPage).toContain(">Resume</button>");
    expect(await step("resume")).toMatchObject({ status: 303, location: `${url}?done=resumed` });
    expect((await experimentRows(community.id))[0]!.status).toBe("running");
    expect(await step("stop", { reason: "Enough for now" })).toMatchObject({ status: 303, location: `${url}?done=stopped` });
    expect((await experimentRows(community.id))[0]).toMatchObject({ status: "stopped", winnerVariantId: null });
    // A stopped test cannot be paused or resumed: the page says why, with 409.
    const refused = await step("pause");
    expect(refused.status).toBe(409);
    expect(refused.html).toContain("The experiment is stopped");
    expect((await step("resume")).status).toBe(409);
    expect((await postForm(`${url}/explode`, {}, owner)).status).toBe(404);
    expect(await auditActions(community.id, row!.id)).toEqual(["experiment.created", "experiment.started", "experiment.paused", "experiment.resumed", "experiment.stopped"]);
    const stopped = await (await call(url, { cookie: owner })).text();
    expect(stopped).toContain("Enough for now");
    expect(stopped).toContain("Stopped: every new visitor sees today");
    // Stopping never changes the fee.
    expect((await tools().deps.db.query.communities.findFirst({ where: eq(communities.id, community.id) }))!.feeAmount).toBe(2500);
  });

  it("a draft cannot be promoted, and stopping one says nobody saw its prices", async () => {
    const { community, base } = await setup();
    await postForm(`${base}/new`, validForm(), owner);
    const [row] = await experimentRows(community.id);
    const url = `${base}/${row!.id}`;
    const variants = await variantRows(row!.id);
    const refused = await postForm(`${url}/promote`, { variantId: variants[1]!.id, reason: "Guessing" }, owner);
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain("Start the experiment before promoting a winner");
    expect((await postForm(`${url}/stop`, {}, owner)).status).toBe(303);
    const page = await (await call(url, { cookie: owner })).text();
    expect(page).toContain("Stopped before it started");
    expect(page).not.toContain("<svg");
    expect((await tools().deps.db.query.communities.findFirst({ where: eq(communities.id, community.id) }))!.feeAmount).toBe(2500);
  });

  it("promotes a winner through the form: a variant and a reason are required", async () => {
    const { community, base } = await setup();
    const { id, variants } = await seededExperiment(community, { days: 8, a: [300, 9], b: [300, 30] });
    const url = `${base}/${id}`;
    const missing = await postForm(`${url}/promote`, { variantId: "", reason: "" }, owner);
    expect(missing.status).toBe(400);
    const html = await missing.text();
    expect(html).toContain('id="promote-variant-error"');
    expect(html).toContain('id="promote-reason-error"');
    const unknown = await postForm(`${url}/promote`, { variantId: "var_nope", reason: "B earns more" }, owner);
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain("No such variant in this experiment");

    const res = await postForm(`${url}/promote`, { variantId: variants[1]!.id, reason: "B earns more per visitor" }, owner);
    expect(res).toMatchObject({ status: 303 });
    expect(res.headers.get("location")).toBe(`${url}?done=promoted`);
    expect((await experimentRows(community.id))[0]).toMatchObject({ status: "stopped", winnerVariantId: variants[1]!.id });
    expect((await tools().deps.db.query.communities.findFirst({ where: eq(communities.id, community.id) }))!.feeAmount).toBe(3500);
    expect(await auditActions(community.id, id)).toContain("experiment.promoted");
    const page = await (await call(url, { cookie: owner })).text();
    expect(page).toContain("Variant B promoted: $35.00 is the price for new visitors");
    expect(page).toContain("B earns more per visitor");
    expect(page).not.toContain("Promote a winner");
    expect(await (await call(base, { cookie: owner })).text()).toContain("Promoted B ($35.00)");
  });

  it("renders the results: verdict, table, and four titled SVG plots from the counters", async () => {
    const { community, base } = await setup();
    const { id } = await seededExperiment(community, { days: 10, a: [1000, 30], b: [1000, 60], snapshots: [[0.4, 0.6], [0.2, 0.8], [0.05, 0.95]] });
    const res = await call(`${base}/${id}`, { cookie: owner });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Variant B wins");
    expect(html).toMatch(/data-verdict="winner"/);
    const svgs = html.match(/<svg[^>]*role="img"[^>]*>/g) ?? [];
    expect(svgs).toHaveLength(4);
    for (const title of ["Revenue per visitor, by price", "Chance to be best, over time", "Exposures against the expected split", "Cumulative conversions, over time"]) {
      expect(html).toMatch(new RegExp(`<title id="plot-[a-z]+-title">${title}</title>`));
    }
    expect((html.match(/<desc id="plot-[a-z]+-desc">/g) ?? []).length).toBe(4);
    expect((html.match(/<figcaption>/g) ?? []).length).toBe(4);
    // The table: exposures, conversions, conversion rate, revenue per visitor.
    const rowB = /<tr data-variant="B">([\s\S]*?)<\/tr>/.exec(html)![1]!;
    expect(rowB).toContain('data-col="exposures">1,000<');
    expect(rowB).toContain('data-col="conversions">60<');
    expect(rowB).toContain("6.00%");
    expect(rowB).toContain("$2.10");
    // Observed revenue per visitor beside the model's estimate.
    expect(rowB).toContain('data-col="rpv-observed">$2.10<');
    expect(rowB).toMatch(/data-col="rpv-model">\$\d\.\d\d<span class="sub">\$\d\.\d\d to \$\d\.\d\d<\/span>/);
    expect(html).toContain("Lift vs control (95% interval)");
    // What testing cost, against everyone seeing the best price: A's 1,000 visitors at about
    // $0.75 ($25 × 3%) each, against about $2.10 for B.
    const cost = /<p data-testid="test-cost">([\s\S]*?)<\/p>/.exec(html)![1]!.replace(/<[^>]+>/g, "");
    expect(cost).toMatch(/^What testing cost: about \$1,[0-9]{3}\.\d\d so far\. Showing all 2,000 visitors the best price would have brought about \$4,[0-9]{3}\.\d\d \(model estimate\); the test(?:'|&#39;)s split kept about \d\d% of that\.$/);
    // The chance plot's hidden table holds the snapshots plus today's reading.
    expect(html).toContain("Chance to be best, by day");
    expect(html).toContain("95.0%");
    // The list shows the verdict too.
    const list = await (await call(base, { cookie: owner })).text();
    expect(list).toContain("Variant B wins");
    expect(list).toContain("10 days");
  });

  it("shows realised 30-day revenue for tier tests only", async () => {
    const tier = await tierExperiment();
    const html = await (await call(`/c/${tier.community.slug}/admin/experiments/${tier.experiment.id}`, { cookie: owner })).text();
    expect(html).toContain('data-testid="realised-30"');
    expect(html).toContain("Realised revenue in each payer&#39;s first 30 days");
    expect((html.match(/<span class="muted">none yet<\/span>/g) ?? []).length).toBe(2);
    const { community, base } = await setup();
    const { id } = await seededExperiment(community, { days: 10, a: [1000, 30], b: [1000, 60] });
    expect(await (await call(`${base}/${id}`, { cookie: owner })).text()).not.toContain('data-testid="realised-30"');
  });

  it("says there is no data yet, with even chances, while no price has a sale", async () => {
    const { community, base } = await setup();
    const { id } = await seededExperiment(community, { days: 2, a: [5, 0], b: [5, 0] });
    const html = await (await call(`${base}/${id}`, { cookie: owner })).text();
    expect(html).toMatch(/<strong class="headline">No data yet<\/strong>/);
    expect(html).not.toContain("Best so far");
    expect((html.match(/<span class="muted">no data yet<\/span>/g) ?? []).length).toBe(2);
    expect(html).toContain("No data yet: with no sale in any variant every price is equally likely to be best.");
    expect(html).not.toContain('data-testid="test-cost"');
  });

  it("says when to keep running, and when the traffic split looks wrong", async () => {
    const { community, base } = await setup();
    const { id } = await seededExperiment(community, { days: 3, a: [90, 2], b: [88, 3] });
    const html = await (await call(`${base}/${id}`, { cookie: owner })).text();
    expect(html).toMatch(/Keep running: about \d+ more days? at current traffic/);
    expect((html.match(/<svg[^>]*role="img"/g) ?? []).length).toBe(4);

    const other = await setup();
    const skewed = await seededExperiment(other.community, { days: 8, a: [600, 20], b: [400, 14] });
    const skewedHtml = await (await call(`${other.base}/${skewed.id}`, { cookie: owner })).text();
    expect(skewedHtml).toContain("Traffic split looks wrong");
    expect(skewedHtml).toContain('data-verdict="traffic_split_wrong"');
  });

  it("plans by simulating the stopping rule at the given traffic: chances of a decision by 2, 4 and 6 weeks", async () => {
    const { base } = await setup();
    const res = await call(`${base}/new?baseline=5&daily=100&variants=2`, { cookie: owner });
    expect(res.status).toBe(200);
    const html = await res.text();
    // The same seeded simulation the page ran, cell for cell (rounded to 5 points on the page).
    const rows = planTest({ visitorsPerDay: 100, conversion: 0.05, variants: 2, runs: PLAN_RUNS });
    for (const r of rows) {
      const cells = [r.by[14], r.by[28], r.by[42]].map((x) => `<td class="num">${Math.round(x * 20) * 5}%</td>`).join("");
      expect(html).toContain(`<tr data-lift="${r.lift}"><th scope="row">+${Math.round(r.lift * 100)}%</th>${cells}</tr>`);
      expect(r.by[14]).toBeLessThanOrEqual(r.by[28]);
      expect(r.by[28]).toBeLessThanOrEqual(r.by[42]);
    }
    const [ten, , fifty] = rows;
    expect(fifty!.by[42]).toBeGreaterThan(ten!.by[42]);
    expect(fifty!.by[42]).toBeGreaterThanOrEqual(0.8);
    expect(html).not.toContain("more likely than not to end as");
    // At 20 visitors a day even +25% rarely decides: the page says so.
    const slow = await (await call(`${base}/new?baseline=3&daily=20&variants=2`, { cookie: owner })).text();
    expect(slow).toContain("more likely than not to end as “No clear difference”");
    const bad = await call(`${base}/new?baseline=0&daily=-3&mode=sometimes`, { cookie: owner });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    for (const id of ["plan-baseline", "plan-daily", "plan-mode"]) expect(badHtml).toContain(`id="${id}-error"`);
  });

  it("fills the planner from the community's own recent traffic", async () => {
    const { community, base } = await setup();
    const empty = await (await call(`${base}/new`, { cookie: owner })).text();
    expect(empty).toContain("Add your daily visitors to see the chances.");
    // 14 days of 1,400 + 1,400 exposures and 70 + 70 payments: 200 a day, 5% paying.
    await seededExperiment(community, { days: 14, a: [1400, 70], b: [1400, 70] });
    const html = await (await call(`${base}/new`, { cookie: owner })).text();
    expect(html).toContain("Filled in from your tests of the last 14 days: about 200 visitors a day, 5.0% paying.");
    expect(html).toMatch(/id="plan-daily"[^>]*value="200"/);
    expect(html).toContain('data-testid="planner-table"');
  });

  it("escapes what owners type, in pages and plots", async () => {
    const { community, base } = await setup();
    const res = await postForm(`${base}/new`, validForm({ name: `<script>alert("x")</script>` }), owner);
    expect(res.status).toBe(303);
    const [row] = await experimentRows(community.id);
    await postForm(`${base}/${row!.id}/start`, {}, owner);
    for (const url of [base, `${base}/${row!.id}`]) {
      const html = await (await call(url, { cookie: owner })).text();
      expect(html).not.toContain("<script>alert");
      expect(html).toContain("&lt;script&gt;alert");
    }
  });
});
