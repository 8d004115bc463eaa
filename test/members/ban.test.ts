import { and, count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { applicationEvents, applications, bans, communityStaff, emails } from "../../drizzle";
import { submitApplication } from "../../src/applications/service";
import { setStaffRole } from "../../src/communities/service";
import { accessFor } from "../../src/memberships/access";
import { banMember, unban } from "../../src/members/service";
import { call, postForm, postJson, tools } from "../helpers";
import { auditRows, membershipRow, OWNER, refundsOf, setupCommunity, subscribe, uniqueEmail } from "./helpers";

async function countWhere(table: typeof applications | typeof emails, email: string) {
  const db = tools().deps.db;
  const column = table === applications ? applications.email : emails.to;
  const [{ n }] = await db.select({ n: count() }).from(table).where(eq(column, email));
  return n;
}

describe("banning", () => {
  it("bans the email, removes the membership and moderator role at once, without a refund", async () => {
    const { deps } = tools();
    const { community, basic } = await setupCommunity();
    const email = uniqueEmail("troll");
    const { membership, subscriptionId } = await subscribe(community, basic.prices.month!, email);
    await setStaffRole(deps, community.id, email, "moderator");

    const outcome = await banMember(deps, community, email.toUpperCase(), OWNER, "Doxxed another member");
    expect(outcome).toMatchObject({ changed: true, billing: { canceled: "now", refund: null, error: null } });
    const [ban] = await deps.db.select().from(bans).where(and(eq(bans.communityId, community.id), eq(bans.email, email)));
    expect(ban).toMatchObject({ reason: "Doxxed another member", actor: OWNER });
    expect((await membershipRow(membership.id)).status).toBe("removed");
    expect(await deps.db.select().from(communityStaff).where(and(eq(communityStaff.communityId, community.id), eq(communityStaff.email, email)))).toHaveLength(0);
    const access = await accessFor(deps, community, email, deps.now());
    expect(access).toMatchObject({ role: "none", banned: true });
    expect((await deps.stripe.subscriptions.retrieve(subscriptionId)).status).toBe("canceled");
    expect(await refundsOf(subscriptionId)).toHaveLength(0);
    const actions = (await auditRows(community.id)).map((r) => r.action).filter((a) => a.startsWith("member.")).sort();
    expect(actions).toEqual(["member.banned", "member.billing", "member.demoted", "member.removed"]);

    // Idempotent: nothing new is written, no Stripe call moves money.
    const again = await banMember(deps, community, email, OWNER, "Doxxed another member");
    expect(again).toEqual({ changed: false });
    expect(await auditRows(community.id, "member.banned")).toHaveLength(1);
  });

  it("a banned email cannot apply: 403 and nothing written, through the domain and the API", async () => {
    const { deps } = tools();
    const { community } = await setupCommunity();
    const email = uniqueEmail("banned-applicant");
    await banMember(deps, community, email, OWNER, "Known scammer");
    await expect(submitApplication(deps, community, { name: "Mallory", email, acceptRules: true, answers: {} })).rejects.toMatchObject({
      status: 403,
      code: "forbidden",
      message: "This email cannot apply to this community",
    });
    const res = await postJson(`/api/v1/communities/${community.slug}/applications`, { name: "Mallory", email, acceptRules: true, answers: {} });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: "forbidden", message: "This email cannot apply to this community" } });
    expect(await countWhere(applications, email)).toBe(0);
    expect(await countWhere(emails, email)).toBe(0);
    const [{ n: events }] = await deps.db.select({ n: count() }).from(applicationEvents).where(eq(applicationEvents.actor, email));
    expect(events).toBe(0);

    // Someone else still applies fine, and after an unban so does the person.
    const other = await submitApplication(deps, community, { name: "Ok", email: uniqueEmail("fine"), acceptRules: true, answers: {} });
    expect(other.status).toBe("under_review");
    expect(await unban(deps, community, email, OWNER, "Appeal accepted")).toEqual({ changed: true });
    expect(await unban(deps, community, email, OWNER, "Appeal accepted")).toEqual({ changed: false });
    expect((await submitApplication(deps, community, { name: "Mallory", email, acceptRules: true, answers: {} })).status).toBe("under_review");
    expect(await auditRows(community.id, "member.unbanned")).toHaveLength(1);
  });

  it("bans an email with no membership, refuses owners and operators, and needs a reason", async () => {
    const { deps } = tools();
    const { community } = await setupCommunity();
    const email = uniqueEmail("stranger");
    expect(await banMember(deps, community, email, OWNER, "Spam bot")).toEqual({ changed: true });
    await expect(banMember(deps, community, OWNER, OWNER, "Self")).rejects.toMatchObject({ status: 409 });
    await expect(banMember(deps, community, "operator@example.com", OWNER, "Op")).rejects.toMatchObject({ status: 409 });
    const other = uniqueEmail("unreasoned");
    await expect(banMember(deps, community, other, OWNER, "")).rejects.toMatchObject({ status: 400, details: [{ field: "reason" }] });
    expect(await deps.db.select().from(bans).where(eq(bans.email, other))).toHaveLength(0);
  });

  it("the ban form on the member page bans and redirects back", async () => {
    const { community, basic } = await setupCommunity();
    const email = uniqueEmail("form-ban");
    const { membership } = await subscribe(community, basic.prices.month!, email);
    const { signIn } = await import("../helpers");
    const owner = await signIn(OWNER);
    const url = `/c/${community.slug}/admin/members/${membership.id}`;
    const res = await postForm(`${url}/ban`, { reason: "Repeated spam" }, owner);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`${url}?done=banned`);
    const page = await (await call(`${url}?done=banned`, { cookie: owner })).text();
    expect(page).toContain("Banned; their access has ended.");
    expect(page).toContain("Unban");
    expect((await membershipRow(membership.id)).status).toBe("removed");
  });
});
