import { describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { applications, experimentAssignments, experimentVariants } from "../../drizzle";
import { formatMoney } from "../../src/ui/format";
import { call, tools } from "../helpers";
import { api, expectError, json } from "../api/helpers";
import { approve } from "../memberships/helpers";
import {
  applyAs,
  assignmentOf,
  BROWSER,
  checkoutBehind,
  feeExperiment,
  joinCookie,
  postJoin,
  tierExperiment,
  uniqueEmail,
  visitLanding,
  visitorCookie,
  visitorFromSetCookie,
  visitorIn,
} from "./helpers";

/**
 * No request can make Checkout charge anything but the price the visitor was assigned (and shown):
 * amounts, prices and variants in the input are refused by name, cookies only select a stored or
 * hashed assignment, and the Checkout Session is built from that assignment.
 */

const SMUGGLED = ["amount", "price", "fee", "variant", "feeAmount", "unit_amount"];
const usd = (cents: number) => formatMoney(cents, "usd");

async function applicationCount(communityId: string) {
  const [row] = await tools().deps.db.select({ n: sql<number>`count(*)` }).from(applications).where(eq(applications.communityId, communityId));
  return row.n;
}

describe("application fee", () => {
  it("refuses amount, price, fee and variant fields on the landing form and the API, naming each", async () => {
    const { community, questionIds, experiment, variants } = await feeExperiment();
    const visitor = visitorIn(experiment, variants, 1);
    const fields = { name: "Eve", email: uniqueEmail("eve"), accept_rules: "yes", [`q_${questionIds[0]}`]: "PM" };
    const smuggled = Object.fromEntries(SMUGGLED.map((k) => [k, "1"]));
    const page = await applyAs(community.slug, visitor, { ...fields, ...smuggled });
    expect(page.status).toBe(400);
    const html = await page.text();
    expect(html).toContain("This form was changed before it was sent");
    for (const field of SMUGGLED) expect(html).toContain(`<a href="#${field}">${field}</a>: Unknown field`);

    const res = await api(`/communities/${community.slug}/applications`, {
      method: "POST",
      headers: { cookie: visitorCookie(visitor), "user-agent": BROWSER },
      body: { name: "Eve", email: fields.email, acceptRules: true, answers: { [questionIds[0]]: "PM" }, ...Object.fromEntries(SMUGGLED.map((k) => [k, 1])), variantId: variants[0].id },
    });
    expect((await expectError(res, 400, "validation_failed")).sort()).toEqual([...SMUGGLED, "variantId"].sort());
    expect(await applicationCount(community.id)).toBe(0);
  });

  it("charges each visitor exactly their assigned variant's price, from the form and from the API", async () => {
    const { community, questionIds, experiment, variants } = await feeExperiment({ prices: [2500, 4000, 6000] });
    for (const [index, variant] of variants.entries()) {
      // Seen on the landing page first, then applied: the Checkout amount is the price shown.
      const visitor = visitorIn(experiment, variants, index);
      expect(await (await visitLanding(community.slug, visitor)).text()).toContain(usd(variant.price));
      const res = await applyAs(community.slug, visitor, { name: "Ann", email: uniqueEmail("ann"), accept_rules: "yes", [`q_${questionIds[0]}`]: "PM" });
      expect(res.status).toBe(303);
      const { session, unitAmounts } = await checkoutBehind(res.headers.get("location")!);
      expect(session.amount_total).toBe(variant.price);
      expect(unitAmounts).toEqual([variant.price]);

      // Through the API with the cookie, never having seen the page: the hashed assignment decides.
      const other = visitorIn(experiment, variants, index);
      const apiRes = await api(`/communities/${community.slug}/applications`, {
        method: "POST",
        headers: { cookie: visitorCookie(other), "user-agent": BROWSER },
        body: { name: "Bo", email: uniqueEmail("bo"), acceptRules: true, answers: { [questionIds[0]]: "PM" } },
      });
      const body = await json(apiRes);
      expect(apiRes.status, JSON.stringify(body)).toBe(201);
      expect(body.application.fee.amount).toBe(variant.price);
      expect((await checkoutBehind(body.checkoutUrl)).session.amount_total).toBe(variant.price);
      expect((await assignmentOf(experiment.id, other))!.variantId).toBe(variant.id);
    }
  }, 20_000);

  it("keeps the price shown when the weights change between the page and the payment", async () => {
    const { community, questionIds, experiment, variants } = await feeExperiment();
    const visitor = visitorIn(experiment, variants, 1);
    await visitLanding(community.slug, visitor);
    const { db } = tools().deps;
    await db.batch([
      db.update(experimentVariants).set({ weight: 1 }).where(eq(experimentVariants.id, variants[0].id)),
      db.update(experimentVariants).set({ weight: 0 }).where(eq(experimentVariants.id, variants[1].id)),
    ]);
    const res = await applyAs(community.slug, visitor, { name: "Cy", email: uniqueEmail("cy"), accept_rules: "yes", [`q_${questionIds[0]}`]: "PM" });
    expect((await checkoutBehind(res.headers.get("location")!)).session.amount_total).toBe(4000);
  });

  it("gives a forged, non-UUID cookie a fresh visitor id instead", async () => {
    const { community, experiment } = await feeExperiment();
    for (const forged of ["admin", "00000000-0000-0000-0000-00000000000Z", "' or 1=1 --", "a".repeat(400)]) {
      const res = await call(`/c/${community.slug}`, { headers: { cookie: `th_vid=${encodeURIComponent(forged)}`, "user-agent": BROWSER } });
      expect(res.status).toBe(200);
      const fresh = visitorFromSetCookie(res);
      expect(fresh).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(await assignmentOf(experiment.id, forged)).toBeUndefined();
      expect(await assignmentOf(experiment.id, fresh!)).toBeDefined();
    }
  });

  it("another visitor's cookie gets that visitor's price (by design), and any UUID only ever a tested price", async () => {
    const { community, experiment, variants } = await feeExperiment();
    const owner = visitorIn(experiment, variants, 1);
    await visitLanding(community.slug, owner);
    // A second browser presenting the same cookie is the same visitor.
    expect(await (await visitLanding(community.slug, owner)).text()).toContain(usd(4000));
    const prices = new Set(variants.map((v) => v.price));
    for (let i = 0; i < 20; i++) {
      const made = crypto.randomUUID();
      const html = await (await visitLanding(community.slug, made)).text();
      const stored = (await assignmentOf(experiment.id, made))!;
      const assigned = variants.find((v) => v.id === stored.variantId)!;
      expect(prices.has(assigned.price)).toBe(true);
      expect(html).toContain(usd(assigned.price));
    }
    const [row] = await tools().deps.db.select({ n: sql<number>`count(*)` }).from(experimentAssignments).where(and(eq(experimentAssignments.experimentId, experiment.id), eq(experimentAssignments.visitorId, owner)));
    expect(row.n).toBe(1);
  }, 20_000);
});

describe("tier price", () => {
  it("refuses amount, price and variant fields on the join form and the join API, naming each", async () => {
    const { community, tier, experiment, variants } = await tierExperiment();
    const email = uniqueEmail("tamper");
    await approve(community, email);
    const cookie = await joinCookie(email, visitorIn(experiment, variants, 0));
    const page = await postJoin(community.slug, cookie, { tier_id: tier.id, interval: "month", ...Object.fromEntries(SMUGGLED.map((k) => [k, "1"])) });
    expect(page.status).toBe(400);
    const html = await page.text();
    for (const field of SMUGGLED) expect(html).toContain(`<strong>${field}</strong>`);

    const res = await api(`/communities/${community.slug}/join`, {
      method: "POST",
      headers: { cookie, "user-agent": BROWSER },
      body: { tierId: tier.id, interval: "month", price: 1, amount: 1, variant: "A", priceId: "price_x" },
    });
    expect((await expectError(res, 400, "validation_failed")).sort()).toEqual(["amount", "price", "priceId", "variant"]);
  });

  it("opens the subscription Checkout at exactly the assigned variant's price, from the join page and the API", async () => {
    const { community, tier, experiment, variants } = await tierExperiment();
    for (const [index, variant] of variants.entries()) {
      const email = uniqueEmail("joiner");
      await approve(community, email);
      const cookie = await joinCookie(email, visitorIn(experiment, variants, index));
      expect(await (await call(`/c/${community.slug}/join`, { cookie, headers: { "user-agent": BROWSER } })).text()).toContain(`${usd(variant.price)} per month`);
      const res = await postJoin(community.slug, cookie, { tier_id: tier.id, interval: "month" });
      expect(res.status).toBe(303);
      const { session, unitAmounts } = await checkoutBehind(res.headers.get("location")!);
      expect(unitAmounts).toEqual([variant.price]);
      expect(session.amount_total).toBe(variant.price);

      const viaApi = uniqueEmail("api-joiner");
      await approve(community, viaApi);
      const apiCookie = await joinCookie(viaApi, visitorIn(experiment, variants, index));
      const apiRes = await api(`/communities/${community.slug}/join`, { method: "POST", headers: { cookie: apiCookie, "user-agent": BROWSER }, body: { tierId: tier.id, interval: "month" } });
      const body = await json(apiRes);
      expect(apiRes.status, JSON.stringify(body)).toBe(201);
      expect((await checkoutBehind(body.checkoutUrl)).unitAmounts).toEqual([variant.price]);
    }
  }, 20_000);
});
