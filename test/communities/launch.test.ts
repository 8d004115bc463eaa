import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { applications, communities, communityStaff, type Community } from "../../drizzle";
import { updateCommunity } from "../../src/communities/service";
import { removeMember } from "../../src/members/service";
import { createTier } from "../../src/tiers/service";
import { call, makeCommunity, postForm, postJson, signIn, tools } from "../helpers";
import { memberTier } from "../tiers/helpers";
import { subscribe } from "../members/helpers";
import { BROWSER, tierExperiment, visitorCookie, visitorIn } from "../experiments/helpers";

const OWNER = "owner@example.com";
const html = { accept: "text/html" };

async function statusOf(slug: string): Promise<string> {
  const row = await tools().deps.db.query.communities.findFirst({ where: eq(communities.slug, slug) });
  return row!.status;
}

/** A draft as an operator leaves it: a name, a fee, an owner, and nothing else. */
async function bareDraft(): Promise<Community> {
  const { community } = await makeCommunity({ status: "draft", description: "", rules: "" }, []);
  return community;
}

describe("communities start as drafts", () => {
  it("creates a community from the operator form as a draft that only its staff can see", async () => {
    const operator = await signIn("operator@example.com");
    const slug = `draft-${crypto.randomUUID().slice(0, 6)}`;
    const res = await postForm("/admin/communities", { slug, name: "Quiet Room", fee: "25.00", currency: "usd", feePolicy: "non_refundable", owners: OWNER }, operator);
    expect(res.headers.get("location")).toBe(`/c/${slug}/admin/launch?done=created`);
    expect(await statusOf(slug)).toBe("draft");
    const list = await (await call("/admin/communities", { cookie: operator })).text();
    expect(list).toMatch(new RegExp(`>Quiet Room</a> <span class="badge todo">Draft</span>`));
    expect(list).toContain(`href="/c/${slug}/admin/launch">Launch checklist</a>`);

    const stranger = await signIn("stranger@example.com");
    // Anonymous and signed-in outsiders: the landing page, the form, the join page and the API all 404.
    for (const cookie of [undefined, stranger]) {
      expect((await call(`/c/${slug}`, { cookie, headers: html })).status).toBe(404);
      expect((await call(`/c/${slug}/apply`, { method: "POST", cookie, body: new URLSearchParams({ name: "A" }), headers: { "content-type": "application/x-www-form-urlencoded" } })).status).toBe(404);
      expect((await call(`/api/v1/communities/${slug}`, { cookie })).status).toBe(404);
      expect((await call(`/api/v1/communities/${slug}/tiers`, { cookie })).status).toBe(404);
      expect((await postJson(`/api/v1/communities/${slug}/applications`, { name: "A", email: "a@example.com", acceptRules: true, answers: {} }, cookie)).status).toBe(404);
    }
    expect((await call(`/c/${slug}/join`, { cookie: stranger })).status).toBe(404);
    const count = await tools().deps.db.$count(applications, eq(applications.email, "a@example.com"));
    expect(count).toBe(0);

    // Its owner sees the landing page, marked as a draft, with a way to the checklist.
    const owner = await signIn(OWNER);
    const page = await call(`/c/${slug}`, { cookie: owner });
    expect(page.status).toBe(200);
    const body = await page.text();
    expect(body).toContain("Draft: only staff can see this page.");
    expect(body).toContain(`href="/c/${slug}/admin/launch"`);
  });

  it("refuses to publish until the checklist is complete, naming what is missing", async () => {
    const community = await bareDraft();
    const owner = await signIn(OWNER);
    const checklist = await (await call(`/c/${community.slug}/admin/launch`, { cookie: owner })).text();
    expect(checklist.match(/To do<\/span>/g)?.length).toBe(4);

    const refused = await postForm(`/c/${community.slug}/admin/publish`, {}, owner);
    expect(refused.status).toBe(409);
    const text = await refused.text();
    expect(text).toContain("Not published yet: 4 items are still open.");
    expect(text).toMatch(/id="launch-errors" tabindex="-1" autofocus/);
    expect(await statusOf(community.slug)).toBe("draft");
    // The address the refusal left in the browser still opens as a page.
    expect((await call(`/c/${community.slug}/admin/publish`, { cookie: owner })).headers.get("location")).toBe(`/c/${community.slug}/admin/launch`);

    const { deps } = tools();
    await updateCommunity(deps, community.id, { description: "What we do.", rules: "Be kind." });
    await postForm(`/c/${community.slug}/admin/questions`, { kind: "short_text", label: "Your role?", required: "yes" }, owner);
    // An invite-only tier is no public offer: still refused, now for the tier alone.
    await createTier(deps, community.id, memberTier({ visibility: "invite_only" }), OWNER);
    const stillRefused = await postForm(`/c/${community.slug}/admin/publish`, {}, owner);
    expect(stillRefused.status).toBe(409);
    expect(await stillRefused.text()).toContain("Not published yet: one item is still open.");

    await createTier(deps, community.id, memberTier({ name: "Public", rank: 2 }), OWNER);
    const published = await postForm(`/c/${community.slug}/admin/publish`, {}, owner);
    expect(published.status).toBe(303);
    expect(published.headers.get("location")).toBe(`/c/${community.slug}/admin/launch?done=published`);
    expect(await statusOf(community.slug)).toBe("published");
    expect((await call(`/c/${community.slug}`)).status).toBe(200);
    expect((await call(`/api/v1/communities/${community.slug}`)).status).toBe(200);
  });

  it("publishes through the API too, with the same checklist", async () => {
    const community = await bareDraft();
    const owner = await signIn(OWNER);
    const refused = await call(`/api/v1/communities/${community.slug}/publish`, { method: "POST", cookie: owner, headers: { "content-type": "application/json" }, body: "{}" });
    expect(refused.status).toBe(409);
    const body = (await refused.json()) as { error: { details: { field: string }[] } };
    expect(body.error.details.map((d) => d.field)).toEqual(["description", "rules", "questions", "tier"]);
    expect(await statusOf(community.slug)).toBe("draft");
    const view = (await (await call(`/api/v1/communities`, { cookie: owner })).json()) as { communities: { slug: string; status: string }[] };
    expect(view.communities.find((c) => c.slug === community.slug)?.status).toBe("draft");
  });

  it("lets only owners publish", async () => {
    const community = await bareDraft();
    const { deps } = tools();
    await deps.db.insert(communityStaff).values({ communityId: community.id, email: "mod@example.com", role: "moderator", createdAt: new Date() });
    const moderator = await signIn("mod@example.com");
    expect((await postForm(`/c/${community.slug}/admin/publish`, {}, moderator)).status).toBe(403);
    expect(await statusOf(community.slug)).toBe("draft");
  });
});

describe("the landing page says what membership costs", () => {
  it("lists public tiers with their prices, the host, the owner's links and the review time", async () => {
    const { community } = await makeCommunity({ feeAmount: 2500, feePolicy: "refund_on_rejection" });
    const { deps } = tools();
    await createTier(deps, community.id, memberTier({ name: "Member", monthlyAmount: 2900, yearlyAmount: 29000 }), OWNER);
    await createTier(deps, community.id, memberTier({ name: "Secret", rank: 2, visibility: "invite_only", monthlyAmount: 9900 }), OWNER);
    await updateCommunity(deps, community.id, {
      hostName: "Ada and Grace",
      termsUrl: "https://example.com/terms",
      privacyUrl: "https://example.com/privacy",
      contactEmail: "hello@example.com",
      reviewDays: 4,
    });
    const body = await (await call(`/c/${community.slug}`)).text();
    expect(body).toContain("Hosted by Ada and Grace");
    expect(body).toMatch(/<h3>Member<\/h3><p class="price">\$29\.00 <small>per month<\/small><\/p><p class="muted">\$290\.00 per year<\/p>/);
    expect(body).not.toContain("Secret");
    expect(body).toContain('href="https://example.com/terms"');
    expect(body).toContain('href="https://example.com/privacy"');
    expect(body).toContain('href="mailto:hello@example.com"');
    expect(body).toContain("usually within 4 days");
    // The Apply button near the top jumps to the form.
    expect(body.indexOf('href="#apply-h"')).toBeLessThan(body.indexOf('id="offer-h"'));
    // No separator left dangling in the fee box.
    expect(body).toContain('<ul class="fee-terms"><li>One-time</li><li>Refunded if not approved</li></ul>');
  });

  it("shows each visitor the tier price their experiment variant assigns, the price they would pay", async () => {
    const made = await tierExperiment({ prices: [2900, 4900] });
    for (const [index, shown] of [
      [0, "$29.00"],
      [1, "$49.00"],
    ] as const) {
      const visitor = visitorIn(made.experiment, made.variants, index);
      const body = await (await call(`/c/${made.community.slug}`, { cookie: visitorCookie(visitor), headers: { "user-agent": BROWSER } })).text();
      expect(body).toContain(`<p class="price">${shown} <small>per month</small></p>`);
    }
  });

  it("refuses owner links that are not web addresses, naming the field", async () => {
    const { community } = await makeCommunity();
    const owner = await signIn(OWNER);
    const res = await postForm(`/c/${community.slug}/admin/settings`, { name: "X Circle", tagline: "", description: "d", rules: "r", fee: "25.00", currency: "usd", feePolicy: "non_refundable", termsUrl: "javascript:alert(1)", privacyUrl: "", contactEmail: "nope", reviewDays: "soon", hostName: "" }, owner);
    expect(res.status).toBe(400);
    const body = await res.text();
    expect(body).toContain("Terms must be a web address starting with https://");
    expect(body).toContain("Contact must be an email address");
    expect(body).toContain("Enter a whole number");
  });
});

describe("signed-in people always know where they are", () => {
  it("sends a member to member home instead of the form, and tells a removed member why", async () => {
    const { community } = await makeCommunity({ feeAmount: 0 }, []);
    const { deps } = tools();
    const tier = await createTier(deps, community.id, memberTier(), OWNER);
    const email = `member-${crypto.randomUUID().slice(0, 6)}@example.com`;
    const { membership } = await subscribe(community, tier.prices.month!, email);
    const cookie = await signIn(email);
    const asMember = await (await call(`/c/${community.slug}`, { cookie })).text();
    expect(asMember).toContain(`href="/c/${community.slug}/home"`);
    expect(asMember).not.toContain(`action="/c/${community.slug}/apply"`);
    // The menu names the person and the community with its destination.
    expect(asMember).toContain(`<span class="who">${email}</span>`);
    expect(asMember).toMatch(new RegExp(`<a href="/c/${community.slug}/home">Test Circle</a> <span class="muted">· member home</span>`));

    await removeMember(deps, community, membership.id, { refund: false }, OWNER, "Shared members' posts publicly");
    const asRemoved = await (await call(`/c/${community.slug}`, { cookie })).text();
    expect(asRemoved).toContain("the team removed you");
    expect(asRemoved).toContain("Their reason: Shared members&#39; posts publicly");
    // Home redirects a removed member to the landing page, where the reason is.
    const home = await call(`/c/${community.slug}/home`, { cookie });
    expect(home.headers.get("location")).toBe(`/c/${community.slug}`);
  });

  it("shows who is signed in, with sign-out, on admin, status and error pages", async () => {
    const { community } = await makeCommunity({ feeAmount: 0 });
    const owner = await signIn(OWNER);
    for (const path of [`/c/${community.slug}/admin/applications`, `/c/${community.slug}/admin/settings`, "/no-such-page"]) {
      const body = await (await call(path, { cookie: owner, headers: html })).text();
      expect(body, path).toContain(`<span class="who">${OWNER}</span>`);
      expect(body, path).toContain('action="/signout"');
      expect(body, path).toContain(`href="/c/${community.slug}/admin"`);
    }
    const anonymous = await (await call(`/c/${community.slug}`)).text();
    expect(anonymous).toContain('<a href="/signin">Sign in</a>');
  });

  it("links an applicant to their status page and the operator to community creation", async () => {
    const { community, questionIds } = await makeCommunity({ feeAmount: 0 });
    const email = `applicant-${crypto.randomUUID().slice(0, 6)}@example.com`;
    const applied = await postForm(`/c/${community.slug}/apply`, { name: "Ann", email, accept_rules: "yes", [`q_${questionIds[0]}`]: "Engineer" });
    expect(applied.status).toBe(303);
    const statusPath = applied.headers.get("location")!;
    const cookie = await signIn(email);
    const home = await (await call("/", { cookie })).text();
    expect(home).toContain(`href="${statusPath}"`);
    expect(home).toContain("Where your application stands");

    const operatorHome = await (await call("/", { cookie: await signIn("operator@example.com") })).text();
    expect(operatorHome).toContain('href="/admin/communities/new"');
  });

  it("keeps the apply URL a working GET after a failed submit, with the error summary focused", async () => {
    const { community } = await makeCommunity();
    const failed = await postForm(`/c/${community.slug}/apply`, { name: "", email: "x" });
    expect(failed.status).toBe(400);
    expect(await failed.text()).toMatch(/id="form-errors" tabindex="-1" autofocus/);
    const again = await call(`/c/${community.slug}/apply`);
    expect(again.status).toBe(303);
    expect(again.headers.get("location")).toBe(`/c/${community.slug}#apply-h`);
  });
});
