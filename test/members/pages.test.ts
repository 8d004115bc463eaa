import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, communityStaff } from "../../drizzle";
import { setStaffRole } from "../../src/communities/service";
import { call, postForm, signIn, tools } from "../helpers";
import { auditRows, membershipRow, OWNER, refundsOf, setupCommunity, subscribe, uniqueEmail } from "./helpers";

const html = { accept: "text/html" };

/** Every input, select and textarea on the page has a <label for> pointing at it (or sits in a labelled fieldset). */
function expectLabelled(page: string) {
  const ids = [...page.matchAll(/<(?:input|select|textarea)(?![^>]*type="hidden")[^>]*\sid="([^"]+)"/g)].map((m) => m[1]);
  expect(ids.length).toBeGreaterThan(0);
  for (const id of ids) expect(page).toContain(`for="${id}"`);
}

describe("member admin pages", () => {
  let owner: string;
  beforeAll(async () => {
    owner = await signIn(OWNER);
  });

  it("lists members with filters, links each row, and labels every input", async () => {
    const { community, basic, core } = await setupCommunity();
    const alice = uniqueEmail("alice");
    const bob = uniqueEmail("bob");
    const a = await subscribe(community, basic.prices.month!, alice);
    await subscribe(community, core.prices.month!, bob);
    const base = `/c/${community.slug}/admin/members`;

    const res = await call(base, { cookie: owner, headers: html });
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain(`<label for="filter-tier">Tier</label>`);
    expect(page).toContain(`<label for="filter-status">Status</label>`);
    expect(page).toContain(`<label for="filter-q">Search by email</label>`);
    expect(page).toContain(`<label for="comp-reason">Reason</label>`);
    expect(page).toContain(`href="${base}/${a.membership.id}"`);
    expect(page).toContain(bob);
    expect(page).toContain(">Members</a>");
    expect(page).toContain(">Audit log</a>");
    expectLabelled(page);

    const byTier = await (await call(`${base}?tier=${core.id}`, { cookie: owner })).text();
    expect(byTier).toContain(bob);
    expect(byTier).not.toContain(alice);
    const bySearch = await (await call(`${base}?q=${encodeURIComponent(alice.slice(0, 10))}`, { cookie: owner })).text();
    expect(bySearch).toContain(alice);
    expect(bySearch).not.toContain(bob);
    const byStatus = await (await call(`${base}?status=removed`, { cookie: owner })).text();
    expect(byStatus).toContain("No members match these filters.");
  });

  it("shows a member with every action form, each with a labelled Reason", async () => {
    const { community, basic } = await setupCommunity();
    const { membership } = await subscribe(community, basic.prices.month!, uniqueEmail("detail"));
    const page = await (await call(`/c/${community.slug}/admin/members/${membership.id}`, { cookie: owner, headers: html })).text();
    for (const form of ["promote", "move", "remove", "ban"]) {
      expect(page).toContain(`<label for="${form}-reason">Reason</label>`);
      expect(page).toContain(`action="/c/${community.slug}/admin/members/${membership.id}/${form}"`);
    }
    expect(page).toContain(`<label for="move-tier">Tier</label>`);
    expect(page).toContain("<legend>How they pay</legend>");
    expect(page).toContain(`<label class="choice" for="remove-refund">`);
    expect(page).toContain("Refund the current period");
    expectLabelled(page);
  });

  it("removes through the form: 303 back with done, access ends, refund once", async () => {
    const { community, basic } = await setupCommunity();
    const email = uniqueEmail("form-remove");
    const { membership, subscriptionId } = await subscribe(community, basic.prices.month!, email);
    const url = `/c/${community.slug}/admin/members/${membership.id}`;
    const res = await postForm(`${url}/remove`, { reason: "Broke rule 3", refund: "on" }, owner);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`${url}?done=removed`);
    expect((await membershipRow(membership.id)).status).toBe("removed");
    expect(await refundsOf(subscriptionId)).toHaveLength(1);
    const again = await postForm(`${url}/remove`, { reason: "Broke rule 3", refund: "on" }, owner);
    expect(again.headers.get("location")).toBe(`${url}?done=unchanged`);
    expect(await refundsOf(subscriptionId)).toHaveLength(1);
    const shown = await (await call(`${url}?done=removed`, { cookie: owner })).text();
    expect(shown).toContain("Member removed; their access has ended.");

    const audit = await (await call(`/c/${community.slug}/admin/audit`, { cookie: owner })).text();
    expect(audit).toContain("Broke rule 3");
    expect(audit).toContain(email);
    expect(audit).toContain("refunded $12.00");
  });

  it("promotes and moves through the forms", async () => {
    const { deps } = tools();
    const { community, basic, core } = await setupCommunity();
    const email = uniqueEmail("form-move");
    const { membership, subscriptionId } = await subscribe(community, basic.prices.month!, email);
    const url = `/c/${community.slug}/admin/members/${membership.id}`;
    const promoted = await postForm(`${url}/promote`, { reason: "Great at onboarding" }, owner);
    expect(promoted.headers.get("location")).toBe(`${url}?done=promoted`);
    const staff = await deps.db.select().from(communityStaff).where(and(eq(communityStaff.communityId, community.id), eq(communityStaff.email, email)));
    expect(staff[0]?.role).toBe("moderator");

    const moved = await postForm(`${url}/move`, { tierId: core.id, mode: "paid", reason: "Upgrade" }, owner);
    expect(moved.status).toBe(303);
    expect(moved.headers.get("location")).toBe(`${url}?done=moved`);
    expect((await deps.stripe.subscriptions.retrieve(subscriptionId)).items.data[0]!.price.id).toBe(core.prices.month!.stripePriceId);
  });

  it("re-renders with 400 naming the reason when it is missing, and writes nothing", async () => {
    const { deps } = tools();
    const { community, basic, core } = await setupCommunity();
    const { membership, subscriptionId } = await subscribe(community, basic.prices.month!, uniqueEmail("no-reason"));
    const url = `/c/${community.slug}/admin/members/${membership.id}`;
    for (const [action, fields] of [
      ["remove", { refund: "on" }],
      ["ban", {}],
      ["promote", {}],
      ["move", { tierId: core.id, mode: "comped" }],
    ] as const) {
      const res = await postForm(`${url}/${action}`, { ...fields, reason: "  " }, owner);
      expect(res.status).toBe(400);
      const page = await res.text();
      expect(page).toContain(`id="${action}-reason-error"`);
      expect(page).toContain("Reason: Give a reason for this action");
    }
    const badMode = await postForm(`${url}/move`, { tierId: core.id, mode: "free", reason: "x" }, owner);
    expect(badMode.status).toBe(400);
    expect(await badMode.text()).toContain("Choose comped or paid");
    expect((await membershipRow(membership.id)).status).toBe("active");
    expect(await deps.db.select().from(auditLog).where(eq(auditLog.subject, membership.email))).toHaveLength(0);
    expect((await deps.stripe.subscriptions.retrieve(subscriptionId)).status).toBe("active");
  });

  it("shows a conflict from the service on the page (409)", async () => {
    const { community, basic } = await setupCommunity();
    const { membership } = await subscribe(community, basic.prices.month!, uniqueEmail("conflict"));
    const url = `/c/${community.slug}/admin/members/${membership.id}`;
    await postForm(`${url}/move`, { tierId: basic.id, mode: "comped", reason: "Comped" }, owner);
    const res = await postForm(`${url}/move`, { tierId: basic.id, mode: "paid", reason: "Back to paid" }, owner);
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("no paid subscription to change");
  });

  it("comps an email from the members page", async () => {
    const { community, core } = await setupCommunity();
    const email = uniqueEmail("comp-form");
    const res = await postForm(`/c/${community.slug}/admin/members/comp`, { email, tierId: core.id, reason: "Podcast guest" }, owner);
    expect(res.status).toBe(303);
    const location = res.headers.get("location")!;
    expect(location).toMatch(new RegExp(`^/c/${community.slug}/admin/members/mem_[a-z0-9]+\\?done=comped$`));
    const page = await (await call(location, { cookie: owner })).text();
    expect(page).toContain(email);
    expect(page).toContain("Comped (free)");
    const bad = await postForm(`/c/${community.slug}/admin/members/comp`, { email: "nope", tierId: core.id, reason: "" }, owner);
    expect(bad.status).toBe(400);
    const text = await bad.text();
    expect(text).toContain('id="comp-email-error"');
    expect(text).toContain('id="comp-reason-error"');
  });

  it("moderators may view the list and a member, but not act, export or read the audit log", async () => {
    const { deps } = tools();
    const { community, basic } = await setupCommunity();
    const { membership, subscriptionId } = await subscribe(community, basic.prices.month!, uniqueEmail("protected"));
    const modEmail = uniqueEmail("moderator");
    await setStaffRole(deps, community.id, modEmail, "moderator");
    const mod = await signIn(modEmail);
    const base = `/c/${community.slug}/admin/members`;
    expect((await call(base, { cookie: mod })).status).toBe(200);
    const detail = await call(`${base}/${membership.id}`, { cookie: mod });
    expect(detail.status).toBe(200);
    const detailPage = await detail.text();
    expect(detailPage).toContain("Only owners can change memberships.");
    expect(detailPage).not.toContain(`${membership.id}/remove`);
    for (const action of ["remove", "ban", "promote", "move", "demote", "unban"]) {
      expect((await postForm(`${base}/${membership.id}/${action}`, { reason: "I want to", refund: "on", tierId: basic.id, mode: "comped" }, mod)).status).toBe(403);
    }
    expect((await postForm(`${base}/comp`, { email: "x@example.com", tierId: basic.id, reason: "x" }, mod)).status).toBe(403);
    expect((await call(`/c/${community.slug}/admin/audit`, { cookie: mod })).status).toBe(403);
    expect((await membershipRow(membership.id)).status).toBe("active");
    expect((await deps.stripe.subscriptions.retrieve(subscriptionId)).status).toBe("active");
    expect(await auditRows(community.id, "member.removed")).toHaveLength(0);
    // Signed-out visitors are sent to sign in.
    const signedOut = await call(base, { headers: html });
    expect(signedOut.status).toBe(303);
    expect(signedOut.headers.get("location")).toContain("/signin");
  });

  it("answers 404 for a member of another community and an unknown action", async () => {
    const a = await setupCommunity();
    const b = await setupCommunity();
    const { membership } = await subscribe(a.community, a.basic.prices.month!, uniqueEmail("elsewhere"));
    expect((await call(`/c/${b.community.slug}/admin/members/${membership.id}`, { cookie: owner })).status).toBe(404);
    expect((await postForm(`/c/${a.community.slug}/admin/members/${membership.id}/explode`, { reason: "x" }, owner)).status).toBe(404);
  });
});
