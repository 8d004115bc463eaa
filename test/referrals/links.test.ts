import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { applications, referralPrograms, referrals } from "../../drizzle";
import { removeMember } from "../../src/members/removal";
import { decideApplication } from "../../src/review/decisions";
import { joinAndPay } from "../memberships/helpers";
import { linkFor } from "../../src/referrals/links";
import { call, postForm, signIn, tools } from "../helpers";
import { applyAndPay, applyThrough, cookiesOf, growthCommunity, offer, payingMember } from "./helpers";

async function applicationsIn(communityId: string) {
  const [row] = await tools().deps.db.select({ n: count() }).from(applications).where(eq(applications.communityId, communityId));
  return row!.n;
}

describe("referral links", { timeout: 30_000 }, () => {
  it("a member makes, shares and withdraws their link; the visitor cookie is first-party and HttpOnly", async () => {
    const { community, tier, questionId } = await growthCommunity();
    await payingMember(community, tier, "mia@example.com", questionId);
    await offer(community, { refereePercentOff: null, refereeAmountOff: 500 });
    const cookie = await signIn("mia@example.com");
    const empty = await (await call(`/c/${community.slug}/referrals`, { cookie })).text();
    expect(empty).toContain("Make my invitation link");
    expect(empty).toContain("They get $5.00 off their application fee");
    // Two clicks make one link.
    await Promise.all([postForm(`/c/${community.slug}/referrals/link`, {}, cookie), postForm(`/c/${community.slug}/referrals/link`, {}, cookie)]);
    const page = await (await call(`/c/${community.slug}/referrals`, { cookie })).text();
    const url = page.match(/value="(http[^"]+\/r\/([0-9a-z]{32}))"/)!;
    expect(url).toBeTruthy();
    const visit = await call(`/r/${url[2]}`);
    expect(visit.status).toBe(303);
    const set = (visit.headers as unknown as { getSetCookie(): string[] }).getSetCookie().join(";");
    expect(set).toMatch(/th_ref=[0-9a-z]{32}/);
    expect(set).toContain("HttpOnly");
    expect(set).toContain("SameSite=Lax");

    // The friend applies through it and shows up on the member's page.
    await applyAndPay(community, questionId, url[2]!, "fay@example.com");
    const after = await (await call(`/c/${community.slug}/referrals`, { cookie })).text();
    expect(after).toContain("1 applied, 0 joined");
    expect(after).toContain("Applied: reviewed like everyone else");

    // Withdrawn: the link answers 410 and stops attributing; a new link can be made.
    expect((await postForm(`/c/${community.slug}/referrals/revoke`, {}, cookie)).status).toBe(303);
    const gone = await call(`/r/${url[2]}`);
    expect(gone.status).toBe(410);
    expect(await gone.text()).toContain("withdrawn");
    const landing = await (await call(`/c/${community.slug}`, { cookie: cookiesOf(visit) })).text();
    expect(landing).not.toContain("invited you");
    expect(landing).toContain("Continue to payment ($25.00)");
  });

  it("refuses self-referral and loops with a 400 naming the link, writing nothing; a removed member's link is a clear 410", async () => {
    const { deps } = tools();
    const { community, tier, questionId } = await growthCommunity();
    const ann = await payingMember(community, tier, "ann@example.com", questionId);
    await offer(community);
    const annLink = await linkFor(deps, community, "ann@example.com");
    // Bea came through Ann's link, was approved and joined.
    const { app: beaApp } = await applyAndPay(community, questionId, annLink.token, "bea@example.com");
    await decideApplication(deps, community, { applicationId: beaApp.id, decision: "approve", actor: "owner@example.com" });
    await joinAndPay(community, tier, "bea@example.com");
    await tools().emulator.deliverPending();
    const before = await applicationsIn(community.id);

    // Ann through her own link.
    const self = await applyThrough(community, questionId, annLink.token, "ANN@example.com");
    expect(self.res.status).toBe(400);
    const selfHtml = await self.res.text();
    expect(selfHtml).toContain("This is your own invitation link");
    expect(selfHtml).toContain("Continue to payment ($25.00)");
    expect((self.res.headers as unknown as { getSetCookie(): string[] }).getSetCookie().join(";")).toMatch(/th_ref=;/);

    // A loop: Ann through the link of Bea, whom she brought.
    const beaLink = await linkFor(deps, community, "bea@example.com");
    const loop = await applyThrough(community, questionId, beaLink.token, "ann@example.com");
    expect(loop.res.status).toBe(400);
    expect(await loop.res.text()).toContain("You invited the member who shared this link");
    expect(await applicationsIn(community.id)).toBe(before);

    // Ann is removed: her link stops with a clear 410, and nothing is attributed to it any more.
    await removeMember(deps, community, ann.membershipId, { refund: false }, "owner@example.com", "Left the community");
    const removed = await call(`/r/${annLink.token}`);
    expect(removed.status).toBe(410);
    expect(await removed.text()).toContain("no longer in Test Circle");
    const unknown = await call(`/r/${"z".repeat(32)}`);
    expect(unknown.status).toBe(404);
    const junk = await call(`/r/not-a-token`);
    expect(junk.status).toBe(404);
    expect(await deps.db.select().from(referrals).where(eq(referrals.communityId, community.id))).toHaveLength(1);
  });

  it("the owner's offer form refuses negative and over-100% discounts, naming the fields, and saves nothing", async () => {
    const { community } = await growthCommunity();
    const owner = await signIn("owner@example.com");
    const base = { active: "on", refereeTarget: "fee", refereePercentOff: "", refereeAmountOff: "", rewardKind: "credit", rewardValue: "", refundWindowDays: "30" };
    const bad: [Record<string, string>, string][] = [
      [{ refereePercentOff: "120" }, "At most 100%"],
      [{ refereePercentOff: "-10" }, "At least 1%"],
      [{ refereeAmountOff: "-3" }, "cannot be negative"],
      [{ refereePercentOff: "10", refereeAmountOff: "3" }, "Give a percentage or an amount, not both"],
      [{ refereeAmountOff: "40" }, "More than the application fee"],
      [{ rewardKind: "coupon", rewardValue: "150" }, "A coupon reward is 1 to 100 percent off"],
      [{ refereeTarget: "everything" }, "Discount applies to"],
    ];
    for (const [fields, message] of bad) {
      const res = await postForm(`/c/${community.slug}/admin/referrals`, { ...base, ...fields }, owner);
      expect(res.status).toBe(400);
      expect(await res.text()).toContain(message);
    }
    const { deps } = tools();
    expect(await deps.db.query.referralPrograms.findFirst({ where: eq(referralPrograms.communityId, community.id) })).toBeUndefined();
    const ok = await postForm(`/c/${community.slug}/admin/referrals`, { ...base, refereePercentOff: "20" }, owner);
    expect(ok.status).toBe(303);
    const page = await (await call(ok.headers.get("location")!, { cookie: owner })).text();
    expect(page).toContain("Referral offer saved.");
    expect(page).toContain("Leaderboard");
  });
});
