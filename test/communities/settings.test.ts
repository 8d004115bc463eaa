import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { communities } from "../../drizzle";
import { setStaffRole } from "../../src/communities/service";
import { call, makeCommunity, postForm, signIn, tools } from "../helpers";

const MODERATOR = "settings-mod@example.com";

async function readCommunity(id: string) {
  return (await tools().deps.db.query.communities.findFirst({ where: eq(communities.id, id) }))!;
}

describe("community settings", () => {
  let owner: string;
  let moderator: string;

  beforeAll(async () => {
    owner = await signIn("owner@example.com");
    moderator = await signIn(MODERATOR);
  });

  async function setup() {
    const { community } = await makeCommunity({ feeAmount: 2500, currency: "usd", feePolicy: "non_refundable", tagline: "Old tagline" });
    await setStaffRole(tools().deps, community.id, MODERATOR, "moderator");
    const valid = {
      name: "Renamed Circle",
      tagline: "New tagline",
      description: "**Hello** there",
      rules: "1. Be kind",
      fee: "19.99",
      currency: "eur",
      feePolicy: "authorize_capture",
    };
    return { community, url: `/c/${community.slug}/admin/settings`, valid };
  }

  it("shows the form with labelled fields, the current values and a landing page link", async () => {
    const { community, url } = await setup();
    const res = await call(url, { cookie: owner });
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const label of ["Name", "Tagline", "Description", "Rules", "Application fee", "Currency"]) expect(html).toMatch(new RegExp(`<label for="[^"]+">${label}</label>`));
    expect(html).toContain("<legend>Fee policy</legend>");
    expect(html).toContain('value="25.00"');
    expect(html).toContain(`href="/c/${community.slug}"`);
    expect(html).toContain("Authorize now, capture on approval");
  });

  it("saves valid settings, converting the fee to minor units", async () => {
    const { community, url, valid } = await setup();
    const res = await postForm(url, valid, owner);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`${url}?done=saved`);
    expect(await readCommunity(community.id)).toMatchObject({
      name: "Renamed Circle",
      tagline: "New tagline",
      description: "**Hello** there",
      feeAmount: 1999,
      currency: "eur",
      feePolicy: "authorize_capture",
    });
    expect(await (await call(`${url}?done=saved`, { cookie: owner })).text()).toContain("Settings saved.");
  });

  it("reads whole amounts in zero-decimal currencies", async () => {
    const { community, url, valid } = await setup();
    expect((await postForm(url, { ...valid, fee: "3000", currency: "jpy" }, owner)).status).toBe(303);
    expect((await readCommunity(community.id)).feeAmount).toBe(3000);
    const res = await postForm(url, { ...valid, fee: "3000.5", currency: "jpy" }, owner);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("JPY has no decimal places");
  });

  it.each([
    ["a negative fee", { fee: "-5.00" }, "fee", "Fee cannot be negative"],
    ["a non-numeric fee", { fee: "twenty" }, "fee", "Enter the fee as a number"],
    ["too many decimals", { fee: "25.005" }, "fee", "Use at most 2 decimal places"],
    ["an absurd fee", { fee: "999999.00" }, "fee", "Fee is too large"],
    ["a bad currency", { currency: "xyz" }, "currency", "Currency must be one of"],
    ["a tampered fee policy", { feePolicy: "free_money" }, "feePolicy", "Fee policy must be one of"],
    ["a one-letter name", { name: "A" }, "name", "Name must be at least 2 characters"],
  ])("refuses %s with a 400 naming the field and changes nothing", async (_, change, field, message) => {
    const { community, url, valid } = await setup();
    const before = await readCommunity(community.id);
    const res = await postForm(url, { ...valid, ...change }, owner);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain(message);
    expect(html).toContain(`id="${field}-error"`);
    // What was typed is kept.
    expect(html).toContain('value="New tagline"');
    expect(html).toContain(">**Hello** there</textarea>");
    expect(await readCommunity(community.id)).toEqual(before);
  });

  it("forbids moderators from seeing or changing settings", async () => {
    const { community, url, valid } = await setup();
    expect((await call(url, { cookie: moderator })).status).toBe(403);
    expect((await postForm(url, valid, moderator)).status).toBe(403);
    expect((await readCommunity(community.id)).name).toBe("Test Circle");
  });

  it("lets an operator change any community's settings", async () => {
    const { community, url, valid } = await setup();
    const operator = await signIn("operator@example.com");
    expect((await postForm(url, valid, operator)).status).toBe(303);
    expect((await readCommunity(community.id)).name).toBe("Renamed Circle");
  });
});
