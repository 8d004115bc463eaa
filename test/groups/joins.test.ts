import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { applicationGroups, applications, groupOffers, groupSeats } from "../../drizzle";
import { devClock } from "../../src/dev/clock";
import { saveGroupOffer } from "../../src/groups/offer";
import { call, makeCommunity, postForm, signIn, tools } from "../helpers";
import { applicant, applyAndAuthorise, applyInGroup, groupCommunity, groupOfApplication } from "./helpers";

afterEach(() => devClock.reset());

async function seatsOf(groupId: string) {
  return tools().deps.db.select().from(groupSeats).where(eq(groupSeats.groupId, groupId));
}

async function applicationsTo(communityId: string) {
  return tools().deps.db.select().from(applications).where(eq(applications.communityId, communityId));
}

describe("joining a group", () => {
  it("admits exactly N when several friends race for the last seat; the others are refused and nothing of theirs is written", async () => {
    const c = await groupCommunity({ size: 3 });
    const first = await applyAndAuthorise(c, applicant("s"));
    const group = await groupOfApplication(first.id);
    await applyAndAuthorise(c, applicant("t"), group.id);
    const racers = ["u", "v", "w", "x", "y"].map(applicant);
    const results = await Promise.all(racers.map((r) => applyInGroup(c, r, group.id)));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([303, 409, 409, 409, 409]);
    const refused = await results.find((r) => r.status === 409)!.text();
    expect(refused).toMatch(/This group (is full|filled up a moment ago)/);
    const seats = await seatsOf(group.id);
    expect(seats.map((s) => s.seat).sort()).toEqual([1, 2, 3]);
    // Only the winner's application exists; the losers left no application, seat or email behind.
    const apps = await applicationsTo(c.community.id);
    expect(apps).toHaveLength(3);
    const winners = racers.filter((r) => apps.some((a) => a.email === r.email));
    expect(winners).toHaveLength(1);
  });

  it("refuses an unknown group, a closed one and one past its deadline with a clear answer, writing nothing", async () => {
    const c = await groupCommunity({ size: 3, hours: 2 });
    const unknown = await applyInGroup(c, applicant("z1"), "grp_00000000000000000000");
    expect(unknown.status).toBe(404);
    expect((await call(`/c/${c.community.slug}/group/not-a-group`)).status).toBe(404);

    const first = await applyAndAuthorise(c, applicant("z2"));
    const group = await groupOfApplication(first.id);
    expect((await call(`/c/${c.community.slug}/group/${group.id}`)).status).toBe(200);
    devClock.advance(3 * 3_600_000);
    const late = applicant("z3");
    const res = await applyInGroup(c, late, group.id);
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("This group has closed; you can still apply on your own");
    expect((await applicationsTo(c.community.id)).map((a) => a.email)).toEqual([first.email]);
    const page = await call(`/c/${c.community.slug}/group/${group.id}`);
    expect(page.status).toBe(409);

    // A group from another community is unknown here.
    const other = await groupCommunity({ size: 2 });
    expect((await applyInGroup(other, applicant("z4"), group.id)).status).toBe(404);
  });

  it("shows the deal before paying and re-renders the form with each problem named", async () => {
    const c = await groupCommunity({ size: 3, onUnfilled: "release" });
    const landing = await (await call(`/c/${c.community.slug}`)).text();
    expect(landing).toContain("Apply with friends");
    const start = await (await call(`/c/${c.community.slug}/group`)).text();
    expect(start).toContain("$15.00 each instead of $25.00");
    expect(start).toContain("nobody in the group pays the fee");
    const bad = await applyInGroup(c, { name: "", email: "not-an-email" });
    expect(bad.status).toBe(400);
    const body = await bad.text();
    expect(body).toContain("Your name is required");
    expect(body).toContain("Enter an email address");
    expect(await tools().deps.db.select().from(applicationGroups).where(eq(applicationGroups.communityId, c.community.id))).toEqual([]);
  });

  it("has no group page when the offer is off", async () => {
    const { community } = await makeCommunity({ feeAmount: 2500 });
    expect((await call(`/c/${community.slug}/group`)).status).toBe(404);
    expect(await (await call(`/c/${community.slug}`)).text()).not.toContain("Apply with friends");
  });
});

describe("the owner's group offer", () => {
  it("refuses groups of 1 or 50, a group fee at or over the fee, and a bad rule, naming the field and saving nothing", async () => {
    const { community } = await makeCommunity({ feeAmount: 2500 });
    const { deps } = tools();
    const base = { enabled: true, size: 3, groupFee: 1500, hours: 48, onUnfilled: "release" };
    const cases: [Record<string, unknown>, string][] = [
      [{ size: 1 }, "size"],
      [{ size: 50 }, "size"],
      [{ groupFee: 2500 }, "groupFee"],
      [{ groupFee: 9000 }, "groupFee"],
      [{ groupFee: -1 }, "groupFee"],
      [{ hours: 0 }, "hours"],
      [{ hours: 500 }, "hours"],
      [{ onUnfilled: "keep" }, "onUnfilled"],
    ];
    for (const [patch, field] of cases) {
      await expect(saveGroupOffer(deps, community, { ...base, ...patch })).rejects.toMatchObject({ status: 400, details: [expect.objectContaining({ field })] });
    }
    expect(await deps.db.select().from(groupOffers).where(eq(groupOffers.communityId, community.id))).toEqual([]);
  });
});

describe("starting a group", () => {
  it("a double click starts one group with one application", async () => {
    const c = await groupCommunity({ size: 3 });
    const who = applicant("dbl");
    const [a, b] = await Promise.all([applyInGroup(c, who), applyInGroup(c, who)]);
    expect([a.status, b.status].sort()).toEqual([303, 409]);
    expect(await tools().deps.db.select().from(applicationGroups).where(eq(applicationGroups.communityId, c.community.id))).toHaveLength(1);
    expect(await applicationsTo(c.community.id)).toHaveLength(1);
  });
});

describe("the owner's group page", () => {
  it("saves a good offer and re-renders a bad one with each field named, for owners only", async () => {
    const { community } = await makeCommunity({ feeAmount: 2500 });
    const path = `/c/${community.slug}/admin/groups`;
    const owner = await signIn("owner@example.com");
    const bad = await postForm(path, { enabled: "yes", size: "50", groupFee: "30.00", hours: "0", onUnfilled: "capture_full" }, owner);
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain("A group has 2 to 5 people");
    expect(html).toContain("The group fee must be below the application fee");
    expect(html).toContain("The time limit is 1 to 120 hours");
    expect(await tools().deps.db.select().from(groupOffers).where(eq(groupOffers.communityId, community.id))).toEqual([]);
    const good = await postForm(path, { enabled: "yes", size: "3", groupFee: "15.00", hours: "48", onUnfilled: "release" }, owner);
    expect(good.status).toBe(303);
    const [saved] = await tools().deps.db.select().from(groupOffers).where(eq(groupOffers.communityId, community.id));
    expect(saved).toMatchObject({ enabled: true, size: 3, groupFee: 1500, hours: 48, onUnfilled: "release" });
    const stranger = await signIn(`stranger-${crypto.randomUUID().slice(0, 6)}@example.com`);
    expect((await postForm(path, { enabled: "yes", size: "2", groupFee: "1.00", hours: "4", onUnfilled: "release" }, stranger)).status).toBe(403);
  });
});
