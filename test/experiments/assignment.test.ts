import { beforeAll, describe, expect, it } from "vitest";
import { forgetPublicConfigs } from "../../src/experiments/config-cache";
import { and, eq, sql } from "drizzle-orm";
import { experimentAssignments, experimentDaily, experimentVariants } from "../../drizzle";
import { pauseExperiment } from "../../src/experiments/service";
import { formatMoney } from "../../src/ui/format";
import { call, tools } from "../helpers";
import { session } from "../api/helpers";
import { approve } from "../memberships/helpers";
import { assignmentOf, feeExperiment, OWNER, tierExperiment, variantsOf, visitLanding, visitorCookie, visitorIn } from "./helpers";

const GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
const usd = (cents: number) => formatMoney(cents, "usd");

/** Visits in small parallel groups, like real traffic, without flooding the test runtime. */
async function visitAll(slug: string, ids: string[]) {
  for (let i = 0; i < ids.length; i += 10) {
    const pages = await Promise.all(ids.slice(i, i + 10).map(async (id) => ({ id, res: await visitLanding(slug, id) })));
    for (const { res } of pages) expect(res.status).toBe(200);
  }
}

async function assignmentCount(experimentId: string) {
  const [row] = await tools().deps.db.select({ n: sql<number>`count(*)` }).from(experimentAssignments).where(eq(experimentAssignments.experimentId, experimentId));
  return row.n;
}

describe("sticky assignment", () => {
  it("keeps the first 100 visitors' variants after a weight change; new visitors follow the new weights", async () => {
    const { community, experiment, variants } = await feeExperiment();
    const [a, b] = variants;
    const first = Array.from({ length: 100 }, () => crypto.randomUUID());
    await visitAll(community.slug, first);
    const before = new Map<string, string>();
    for (const id of first) before.set(id, (await assignmentOf(experiment.id, id))!.variantId);
    const inB = [...before.values()].filter((v) => v === b.id).length;
    expect(inB).toBeGreaterThan(25);
    expect(inB).toBeLessThan(75);

    // The owner (or the bandit) sends every new visitor to B from now on.
    const { db } = tools().deps;
    await db.batch([
      db.update(experimentVariants).set({ weight: 0 }).where(eq(experimentVariants.id, a.id)),
      db.update(experimentVariants).set({ weight: 1 }).where(eq(experimentVariants.id, b.id)),
    ]);
    // Written behind the app's back: forget the kept landing configuration, as every request that
    // writes and every queue batch (the bandit's) do when they end.
    forgetPublicConfigs();
    for (const id of first.slice(0, 30)) {
      const page = await (await visitLanding(community.slug, id)).text();
      const price = before.get(id) === a.id ? a.price : b.price;
      expect(page).toContain(usd(price));
      expect(page).not.toContain(usd(price === a.price ? b.price : a.price));
    }
    for (const id of first) expect((await assignmentOf(experiment.id, id))!.variantId).toBe(before.get(id));

    const newcomers = Array.from({ length: 40 }, () => crypto.randomUUID());
    await visitAll(community.slug, newcomers);
    for (const id of newcomers) expect((await assignmentOf(experiment.id, id))!.variantId).toBe(b.id);
  }, 30_000);

  it("a paused test assigns nobody new (control price) while assigned visitors keep theirs", async () => {
    const { community, experiment, variants } = await feeExperiment();
    const inB = visitorIn(experiment, variants, 1);
    await visitLanding(community.slug, inB);
    await pauseExperiment(tools().deps, community, experiment.id, OWNER);
    expect(await (await visitLanding(community.slug, inB)).text()).toContain(usd(4000));
    const newcomer = visitorIn(experiment, variants, 1);
    expect(await (await visitLanding(community.slug, newcomer)).text()).toContain(usd(2500));
    expect(await assignmentOf(experiment.id, newcomer)).toBeUndefined();
  });
});

describe("exposure", () => {
  it("is logged once per visitor, even for parallel page views with the same cookie", async () => {
    const { community, experiment, variants } = await feeExperiment();
    const id = visitorIn(experiment, variants, 1);
    const pages = await Promise.all(Array.from({ length: 8 }, () => visitLanding(community.slug, id)));
    for (const p of pages) expect(await p.text()).toContain(usd(4000));
    await visitLanding(community.slug, id);
    const [a, b] = await variantsOf(experiment.id);
    expect([a.exposures, b.exposures]).toEqual([0, 1]);
    expect(await assignmentCount(experiment.id)).toBe(1);
    expect((await assignmentOf(experiment.id, id))!.exposedAt).toBeInstanceOf(Date);
    const daily = await tools().deps.db.select().from(experimentDaily).where(eq(experimentDaily.experimentId, experiment.id));
    expect(daily.map((d) => [d.variantId, d.exposures, d.weight])).toEqual([[b.id, 1, 0.5]]);
  });

  it("bots get the control price, and no assignment or exposure", async () => {
    const { community, experiment, variants } = await feeExperiment();
    const id = visitorIn(experiment, variants, 1);
    for (const ua of [GOOGLEBOT, "", "curl/8.5.0"]) {
      const page = await (await visitLanding(community.slug, id, ua)).text();
      expect(page).toContain(usd(2500));
      expect(page).not.toContain(usd(4000));
    }
    expect(await assignmentCount(experiment.id)).toBe(0);
    expect((await variantsOf(experiment.id)).map((v) => v.exposures)).toEqual([0, 0]);
    // The same cookie in a browser is a person: the hash puts them in B.
    expect(await (await visitLanding(community.slug, id)).text()).toContain(usd(4000));
  });
});

describe("linking the assignment to the person", () => {
  it("a new device with the same email keeps the price first shown", async () => {
    const { community, experiment, variants } = await tierExperiment();
    const email = `linked-${crypto.randomUUID().slice(0, 8)}@example.com`;
    await approve(community, email);
    const auth = await session(email);
    const laptop = visitorIn(experiment, variants, 1);
    const phone = visitorIn(experiment, variants, 0);
    const joinPage = (vid: string) => call(`/c/${community.slug}/join`, { cookie: `${auth}; ${visitorCookie(vid)}`, headers: { "user-agent": "Mozilla/5.0" } });

    expect(await (await joinPage(laptop)).text()).toContain(`${usd(4900)} per month`);
    expect((await assignmentOf(experiment.id, laptop))!.email).toBe(email);
    // The phone's own bucket is A, but the person was shown B first.
    const onPhone = await (await joinPage(phone)).text();
    expect(onPhone).toContain(`${usd(4900)} per month`);
    expect(onPhone).not.toContain(usd(2900));
    expect(await assignmentOf(experiment.id, phone)).toBeUndefined();
    const rows = await tools().deps.db.select().from(experimentAssignments).where(and(eq(experimentAssignments.experimentId, experiment.id), eq(experimentAssignments.email, email)));
    expect(rows).toHaveLength(1);
  });
});
