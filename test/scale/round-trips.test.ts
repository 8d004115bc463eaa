/**
 * Pins the number of sequential D1 round trips behind the pages an applicant, a member and a
 * reviewer open most, counted through a wrapped D1 binding (test/d1-counter.ts) the way
 * `npm run bench:pages` counts them. On Workers, D1 lives in one region: each round trip from a
 * faraway edge costs tens of milliseconds, so a feature that adds one must come here and say so.
 */
import { createExecutionContext } from "cloudflare:test";
import { forgetPublicConfigs } from "../../src/experiments/config-cache";
import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { applications, communities, experimentAssignments, experimentVariants, memberships, notifications, posts } from "../../drizzle";
import { session } from "../../drizzle/auth";
import worker from "../../src/dev";
import type { Env } from "../../src/env";
import { seedCommunity } from "../../bench/seed";
import type { BenchCommunity } from "../../bench/seed";
import { countingD1, type D1Stats } from "../d1-counter";
import { BROWSER, checkoutBehind } from "../experiments/helpers";
import { BASE, form, makeCommunity, postForm, signIn, tools } from "../helpers";
import { submitApplication } from "../../src/applications/service";
import { createTier } from "../../src/tiers/service";
import { accessFor } from "../../src/memberships/access";
import { createPost } from "../../src/spaces/posts";
import { createSpace, loadSpace } from "../../src/spaces/service";
import { issueFeedToken, revokeFeedTokens } from "../../src/content/prefs";
import { makeEvent } from "../events/helpers";

const counter = countingD1(env.DB);
const countedEnv = { ...env, DB: counter.db } as Env;

/** One request through the dev worker on the counting binding, with the D1 traffic it caused. */
async function counted(path: string, init: { cookie?: string; body?: Record<string, string>; json?: unknown } = {}): Promise<{ res: Response; html: string; stats: D1Stats }> {
  const headers: Record<string, string> = { accept: "text/html", "user-agent": BROWSER, ...(init.cookie ? { cookie: init.cookie } : {}) };
  if (init.body) Object.assign(headers, { origin: BASE, "content-type": "application/x-www-form-urlencoded" });
  if (init.json !== undefined) Object.assign(headers, { accept: "application/json", "content-type": "application/json" });
  const body = init.body ? form(init.body) : init.json !== undefined ? JSON.stringify(init.json) : undefined;
  const request = new Request(BASE + path, { method: body ? "POST" : "GET", headers, body, redirect: "manual" });
  counter.reset();
  counter.log.length = 0;
  const res = await worker.fetch(request, countedEnv, createExecutionContext());
  const html = await res.text();
  return { res, html, stats: counter.reset() };
}

function cookiesOf(res: Response): string {
  return (res.headers as unknown as { getSetCookie(): string[] })
    .getSetCookie()
    .map((s) => s.split(";")[0])
    .join("; ");
}

/** The stored assignment of the visitor whose id `cookie` holds, and the price of its variant as a page shows it. */
async function assignmentBehind(cookie: string) {
  const visitorId = /th_vid=([^;]+)/.exec(cookie)![1]!;
  const [assignment] = await tools().deps.db.select().from(experimentAssignments).where(eq(experimentAssignments.visitorId, visitorId));
  const variant = c.variants.find((v) => v.id === assignment!.variantId)!;
  return { assignment: assignment!, price: `$${(variant.price / 100).toFixed(2)}` };
}

let c: BenchCommunity;
let member: string;
let owner: string;

beforeAll(async () => {
  c = await seedCommunity("trips", { applications: 30, members: 10, drops: 5, comments: 10, assignments: 50 });
  member = await signIn(c.memberEmail);
  owner = await signIn("owner@example.com");
});

describe("round trips per page (a running application-fee test on the community)", () => {
  it("landing page, new visitor: one read batch, then one write batch for the assignment and exposure", async () => {
    forgetPublicConfigs();
    const { res, html, stats } = await counted(`/c/${c.community.slug}`);
    expect(res.status).toBe(200);
    expect(stats.roundTrips).toBe(2);
    // The write batch really ran: the visitor is assigned, exposed once, and shown that variant's price.
    const { assignment, price } = await assignmentBehind(cookiesOf(res));
    expect(assignment.exposedAt).toBeInstanceOf(Date);
    expect(html).toContain(price);
  });

  it("landing page, new visitor while the configuration is kept: the write batch alone", async () => {
    await counted(`/c/${c.community.slug}`);
    const { res, html, stats } = await counted(`/c/${c.community.slug}`);
    expect(res.status).toBe(200);
    expect(stats.roundTrips).toBe(1);
    const { assignment, price } = await assignmentBehind(cookiesOf(res));
    expect(assignment.exposedAt).toBeInstanceOf(Date);
    expect(html).toContain(price);
    // The visitor's cookie names the variant shown, signed.
    expect(cookiesOf(res)).toMatch(new RegExp(`th_asg=[^;]*${assignment.variantId}`));
  });

  it("landing page, returning visitor: one round trip without the kept configuration, none with it; the exposure is not counted again", async () => {
    const first = await counted(`/c/${c.community.slug}`);
    const cookie = cookiesOf(first.res);
    const {
      assignment: { variantId },
      price,
    } = await assignmentBehind(cookie);
    const exposuresOf = async () => (await tools().deps.db.select().from(experimentVariants).where(eq(experimentVariants.id, variantId)))[0]!.exposures;
    const before = await exposuresOf();
    forgetPublicConfigs();
    const cold = await counted(`/c/${c.community.slug}`, { cookie });
    expect(cold.res.status).toBe(200);
    expect(cold.stats.roundTrips).toBe(1);
    expect(cold.html).toContain(price);
    const warm = await counted(`/c/${c.community.slug}`, { cookie });
    expect(warm.res.status).toBe(200);
    expect(warm.stats.roundTrips).toBe(0);
    expect(warm.html).toContain(price);
    // Without the assignment cookie (another browser tab's cookies, an older visit): one batch that
    // finds the stored assignment and counts nothing again.
    const bare = await counted(`/c/${c.community.slug}`, { cookie: cookie.split("; ").filter((k) => !k.startsWith("th_asg=")).join("; ") });
    expect(bare.stats.roundTrips).toBe(1);
    expect(bare.html).toContain(price);
    // A cookie edited to name another variant is ignored: the stored variant shows.
    const other = c.variants.find((v) => v.id !== variantId)!;
    const forged = cookie.replace(/th_asg=([^;]*)/, (_m, v: string) => `th_asg=${decodeURIComponent(v).replace(variantId, other.id)}`);
    const edited = await counted(`/c/${c.community.slug}`, { cookie: forged });
    expect(edited.html).toContain(price);
    expect(edited.stats.roundTrips).toBe(1);
    expect(await exposuresOf()).toBe(before);
  });

  it("status page: one round trip", async () => {
    const { res, stats } = await counted(`/a/${c.statusToken}`);
    expect(res.status).toBe(200);
    expect(stats.roundTrips).toBeLessThanOrEqual(2);
  });

  it("member home: the session with the menu and the member's access, then the feed", async () => {
    const { res, html, stats } = await counted(`/c/${c.community.slug}/home`, { cookie: member });
    expect(res.status).toBe(200);
    expect(html).toContain(c.memberEmail);
    expect(stats.roundTrips).toBeLessThanOrEqual(2);
  });

  it("member home with spaces: the session with the menu and the access, then spaces, unread counts, threads, drops and the visit in one batch", async () => {
    const { deps } = tools();
    const ask = await createSpace(deps, c.community.id, { name: "Ask the group", slug: "ask", emoji: "❓" });
    const access = await accessFor(deps, c.community, c.memberEmail, deps.now());
    const loaded = await loadSpace(deps, c.community.id, "ask", c.memberEmail);
    await createPost(deps, async () => {}, { community: c.community, access, ...loaded }, { title: "Round-trip thread", body: "Counted." });
    const { res, html, stats } = await counted(`/c/${c.community.slug}/home`, { cookie: member });
    expect(res.status).toBe(200);
    expect(html).toContain(`/s/${ask.slug}"`);
    expect(html).toContain("Round-trip thread");
    expect(html).toContain("Drop 1");
    expect(stats.roundTrips).toBeLessThanOrEqual(2);
  });

  it("search: the session with the access, then the bounded window and the readable results in one batch", async () => {
    const { res, html, stats } = await counted(`/c/${c.community.slug}/search?q=round-trip`, { cookie: member });
    expect(res.status).toBe(200);
    expect(html).toContain("<mark>Round-trip</mark> thread");
    expect(stats.roundTrips).toBeLessThanOrEqual(2);
    // The API twin too: its community and access come with the session under /api/v1/communities/:slug.
    const api = await counted(`/api/v1/communities/${c.community.slug}/search?q=round-trip`, { cookie: member });
    expect(api.res.status).toBe(200);
    expect(api.html).toContain("<mark>Round-trip</mark> thread");
    expect(api.stats.roundTrips).toBeLessThanOrEqual(2);
  });

  it("a space page: the session with the access, the space, its rules and the mute, then the page and the read marker; a thread the same way", async () => {
    const { res, html, stats } = await counted(`/c/${c.community.slug}/s/ask`, { cookie: member });
    expect(res.status).toBe(200);
    expect(html).toContain("Round-trip thread");
    expect(stats.roundTrips).toBeLessThanOrEqual(2);
    // A thread: the session with the space and the thread, then its replies, poll, reactions and the view.
    const thread = /href="(\/c\/[^"]+\/s\/ask\/t\/(post_[a-z0-9]+))"/.exec(html)!;
    const opened = await counted(thread[1]!, { cookie: member });
    expect(opened.res.status).toBe(200);
    expect(opened.html).toContain("Round-trip thread");
    expect(opened.stats.roundTrips).toBe(2);
    // The same through the API, and a thread id that is not there: the same 404 after the session's trip.
    const api = await counted(`/api/v1/communities/${c.community.slug}/spaces/ask/threads/${thread[2]}`, { cookie: member });
    expect(api.res.status, api.html).toBe(200);
    expect(JSON.parse(api.html).thread.title).toBe("Round-trip thread");
    expect(api.stats.roundTrips).toBe(2);
    const missing = await counted(`/c/${c.community.slug}/s/ask/t/post_nosuchthread`, { cookie: member });
    expect(missing.res.status).toBe(404);
    expect(missing.stats.roundTrips).toBe(1);
  });

  it("notifications: the session with the access, then the page, the unread count, what each row shows and the email choice in one batch", async () => {
    const { deps } = tools();
    const [thread] = await deps.db.select().from(posts).where(and(eq(posts.communityId, c.community.id), eq(posts.title, "Round-trip thread")));
    const event = await makeEvent(c.community, { title: "Round-trip promotion" }, "owner@example.com");
    const at = deps.now();
    await deps.db.insert(notifications).values([
      { id: `ntf_${"r".repeat(16)}0001`, communityId: c.community.id, email: c.memberEmail.toLowerCase(), kind: "thread_reply", postId: thread!.id, actorEmail: "owner@example.com", createdAt: at },
      { id: `ntf_${"r".repeat(16)}0002`, communityId: c.community.id, email: c.memberEmail.toLowerCase(), kind: "event_promoted", eventId: event.id, createdAt: new Date(at.getTime() + 1) },
    ]);
    const { res, html, stats } = await counted(`/c/${c.community.slug}/notifications`, { cookie: member });
    expect(res.status).toBe(200);
    expect(html).toContain("Round-trip thread");
    expect(html).toContain("Round-trip promotion");
    expect(stats.roundTrips).toBe(2);
    const api = await counted(`/api/v1/communities/${c.community.slug}/notifications`, { cookie: member });
    expect(api.res.status).toBe(200);
    expect((JSON.parse(api.html) as { items: unknown[]; unread: number }).unread).toBe(2);
    expect(api.stats.roundTrips).toBe(2);
  });

  it("review queue: the session with the menu and the staff role, then the page with its counts", async () => {
    const { res, html, stats } = await counted(`/c/${c.community.slug}/admin/applications`, { cookie: owner });
    expect(res.status).toBe(200);
    expect(html).toContain("Status Reader");
    expect(stats.roundTrips).toBeLessThanOrEqual(2);
  });
});

describe("round trips of a drop", () => {
  /** The community's newest drop, open for its members (bench/seed.ts aims every drop at the member tier). */
  async function newestDrop() {
    const drop = await env.DB.prepare("SELECT id, title FROM drops WHERE community_id = ? ORDER BY publish_at DESC, id DESC LIMIT 1").bind(c.community.id).first<{ id: string; title: string }>();
    return drop!;
  }
  const viewsOf = async (dropId: string) =>
    (await env.DB.prepare("SELECT views FROM drop_views WHERE drop_id = ? AND email = ?").bind(dropId, c.memberEmail.toLowerCase()).first<{ views: number }>())?.views ?? 0;

  it("drop page: the session with the access and the drop, then files, comments with names, reactions, the mute and the view in one batch", async () => {
    const drop = await newestDrop();
    const before = await viewsOf(drop.id);
    const { res, html, stats } = await counted(`/c/${c.community.slug}/drops/${drop.id}`, { cookie: member });
    expect(res.status).toBe(200);
    expect(html).toContain(drop.title);
    expect(html).toContain("Comment ");
    expect(stats.roundTrips).toBe(2);
    // The view was written in the page's second round trip, not after it.
    const trips = counter.log.filter((s) => /^insert into "drop_views"/i.test(s.sql)).map((s) => s.trip);
    expect(trips).toEqual([2]);
    expect(await viewsOf(drop.id)).toBe(before + 1);
    // Staff read the same page in the same two trips, and their reading is not counted as a view.
    const staff = await counted(`/c/${c.community.slug}/drops/${drop.id}`, { cookie: owner });
    expect(staff.res.status).toBe(200);
    expect(staff.stats.roundTrips).toBe(2);
    expect(await viewsOf(drop.id)).toBe(before + 1);
  });

  it("a drop that is not there, or not the reader's: the session's one round trip, then the same 404", async () => {
    const missing = await counted(`/c/${c.community.slug}/drops/drop_nosuchdrop`, { cookie: member });
    expect(missing.res.status).toBe(404);
    expect(missing.stats.roundTrips).toBe(1);
  });

  it("the private RSS feed: the community, the token's owner and their access in one batch, then the feed; a revoked token is the same 404 in one", async () => {
    const drop = await newestDrop();
    const { deps } = tools();
    const token = await issueFeedToken(deps, c.community.id, c.memberEmail);
    const rss = await counted(`/c/${c.community.slug}/feed/${token}.xml`);
    expect(rss.res.status).toBe(200);
    expect(rss.html).toContain(drop.title);
    expect(rss.stats.roundTrips).toBe(2);
    // Another community's slug with this token opens nothing.
    const other = await makeCommunity();
    const elsewhere = await counted(`/c/${other.community.slug}/feed/${token}.xml`);
    expect(elsewhere.res.status).toBe(404);
    await revokeFeedTokens(deps, c.community.id, c.memberEmail);
    const revoked = await counted(`/c/${c.community.slug}/feed/${token}.xml`);
    expect(revoked.res.status).toBe(404);
    expect(revoked.stats.roundTrips).toBe(1);
  });

  it("the API's drop, its comments and the feed: the session with the access and the drop, then one batch", async () => {
    const drop = await newestDrop();
    const api = `/api/v1/communities/${c.community.slug}`;
    const one = await counted(`${api}/drops/${drop.id}`, { cookie: member });
    expect(one.res.status).toBe(200);
    expect(JSON.parse(one.html).title).toBe(drop.title);
    expect(one.stats.roundTrips).toBe(2);
    const comments = await counted(`${api}/drops/${drop.id}/comments`, { cookie: member });
    expect(comments.res.status).toBe(200);
    expect(JSON.parse(comments.html).comments.length).toBeGreaterThan(0);
    expect(comments.stats.roundTrips).toBe(2);
    const feed = await counted(`${api}/feed`, { cookie: member });
    expect(feed.res.status).toBe(200);
    expect(JSON.parse(feed.html).items.map((i: { id: string }) => i.id)).toContain(drop.id);
    expect(feed.stats.roundTrips).toBe(2);
    // A staff endpoint: the role comes with the session too.
    const queue = await counted(`${api}/applications`, { cookie: owner });
    expect(queue.res.status).toBe(200);
    expect(queue.stats.roundTrips).toBeLessThanOrEqual(2);
    const me = await counted(`${api}/me`, { cookie: member });
    expect(me.res.status).toBe(200);
    expect(JSON.parse(me.html).role).toBe("member");
    expect(me.stats.roundTrips).toBe(1);
  });
});

describe("round trips of an event", () => {
  it("an event's page and the API's: the session with the access and the event, then the RSVPs, counts and names in one batch", async () => {
    const event = await makeEvent(c.community, { title: "Round-trip supper" }, "owner@example.com");
    const page = await counted(`/c/${c.community.slug}/events/${event.id}`, { cookie: member });
    expect(page.res.status).toBe(200);
    expect(page.html).toContain("Round-trip supper");
    expect(page.stats.roundTrips).toBe(2);
    const api = await counted(`/api/v1/communities/${c.community.slug}/events/${event.id}`, { cookie: member });
    expect(api.res.status, api.html).toBe(200);
    expect(api.html).toContain("Round-trip supper");
    expect(api.stats.roundTrips).toBe(2);
    // Another community's event by its id is the same 404 as none, after the session's trip.
    const other = await makeCommunity();
    const elsewhere = await makeEvent(other.community, { title: "Not here" }, "owner@example.com");
    const missing = await counted(`/c/${c.community.slug}/events/${elsewhere.id}`, { cookie: member });
    expect(missing.res.status).toBe(404);
    expect(missing.stats.roundTrips).toBe(1);
  });

  it("the events list: the session, then the settings, the calendar token and the page in one batch (the token is made on a member's first visit, once)", async () => {
    const first = await counted(`/c/${c.community.slug}/events`, { cookie: member });
    expect(first.res.status).toBe(200);
    expect(first.html).toContain("Round-trip supper");
    expect(first.stats.roundTrips).toBeLessThanOrEqual(3);
    const again = await counted(`/c/${c.community.slug}/events`, { cookie: member });
    expect(again.res.status).toBe(200);
    expect(again.stats.roundTrips).toBe(2);
    // The same calendar address both times.
    const feed = (html: string) => /\/calendar\/[0-9a-z]+\.ics/.exec(html)?.[0];
    expect(feed(again.html)).toBeDefined();
    expect(feed(again.html)).toBe(feed(first.html));
    const past = await counted(`/c/${c.community.slug}/events?when=past`, { cookie: member });
    expect(past.res.status).toBe(200);
    expect(past.stats.roundTrips).toBe(2);
  });
});

describe("round trips per action", () => {
  it("submit: a new applicant's form to Checkout", async () => {
    const landing = await counted(`/c/${c.community.slug}`);
    const cookie = cookiesOf(landing.res);
    const { res, stats } = await counted(`/c/${c.community.slug}/apply`, { cookie, body: { name: "Ada", email: "ada-trips@example.com", accept_rules: "yes" } });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toContain("/checkout/");
    // The read batch (configuration, assignment, ban and duplicate checks, rate-limit counters),
    // the write batch (application, timeline, email, the assignment linked to the email), and the
    // Checkout Session stored on the application.
    expect(stats.roundTrips).toBeLessThanOrEqual(3);
  });

  it("submit through the API: the same three round trips, at the fee the visitor's variant sets", async () => {
    const landing = await counted(`/c/${c.community.slug}`);
    const cookie = cookiesOf(landing.res);
    const visitorId = /th_vid=([^;]+)/.exec(cookie)![1]!;
    const email = "ada-api-trips@example.com";
    const { res, html, stats } = await counted(`/api/v1/communities/${c.community.slug}/applications`, { cookie, json: { name: "Ada", email, acceptRules: true, answers: {} } });
    expect(res.status, html).toBe(201);
    const body = JSON.parse(html) as { application: { fee: { amount: number } }; checkoutUrl: string };
    // The read batch (configuration, assignment, ban and duplicate checks, rate-limit counters),
    // the write batch (application, timeline, email, the assignment), and the Checkout Session stored.
    expect(stats.roundTrips).toBeLessThanOrEqual(3);
    // Money rules intact: the amount charged is the visitor's variant price, stored on the application.
    const [assignment] = await tools().deps.db.select().from(experimentAssignments).where(eq(experimentAssignments.visitorId, visitorId));
    const variant = c.variants.find((v) => v.id === assignment!.variantId)!;
    expect(assignment!.email).toBe(email);
    expect(body.application.fee.amount).toBe(variant.price);
    const { unitAmounts } = await checkoutBehind(body.checkoutUrl);
    expect(unitAmounts).toEqual([variant.price]);
  });
});

describe("round trips per decision and join", () => {
  it("approving an application, and the approved applicant joining a tier to Checkout", async () => {
    const { deps } = tools();
    const { community } = await makeCommunity({ feeAmount: 0 }, []);
    const base = { description: "", perks: [], visibility: "public" as const, trialDays: 0, currency: "usd" as const, capacity: null };
    const tier = await createTier(deps, community.id, { ...base, name: "Member", rank: 1, monthlyAmount: 2900, yearlyAmount: 29000 }, "owner@example.com");
    const email = "joiner-trips@example.com";
    const app = await submitApplication(deps, community, { name: "Joiner", email, acceptRules: true, answers: {} });
    const decided = await counted(`/c/${community.slug}/admin/applications/${app.id}/decision`, { cookie: owner, body: { decision: "approve", reason: "" } });
    expect(decided.res.status).toBe(303);
    // The session's batch, the application, then one batch: the status, its timeline line and
    // email (both guarded by the decision's id), and the application read back.
    expect(decided.stats.roundTrips).toBeLessThanOrEqual(3);
    const joiner = await signIn(email);
    const joined = await counted(`/c/${community.slug}/join`, { cookie: joiner, body: { tier_id: tier.id, interval: "month" } });
    expect(joined.res.status).toBe(303);
    expect(joined.res.headers.get("location")).toContain("/checkout/");
    // The session's batch, one read batch (tier, rights, prices and price test, hold, waitlist,
    // Stripe customer), then one write batch after Checkout opens: the customer and the seat
    // with its Checkout Session on it.
    expect(joined.stats.roundTrips).toBeLessThanOrEqual(3);
    const [seat] = await deps.db.select().from(memberships).where(and(eq(memberships.communityId, community.id), eq(memberships.email, email)));
    expect(seat?.status).toBe("incomplete");
    expect(seat?.checkoutSessionId).toBeTruthy();
    expect(seat?.stripeCustomerId).toBeTruthy();
  });
});

describe("the price shown is the price charged", () => {
  it("while the owner changes the fee between visitors' page loads, each page's amount is what Checkout charges", async () => {
    // No running test here, so the community's own fee is what everyone sees and pays.
    const { community } = await makeCommunity({ feeAmount: 2500, feePolicy: "non_refundable" }, []);
    const settings = { name: community.name, tagline: "", description: "d", rules: "r", currency: "usd", feePolicy: "non_refundable", termsUrl: "", privacyUrl: "", contactEmail: "", reviewDays: "", hostName: "" };
    for (const [i, fee] of ["25.00", "40.00", "31.50"].entries()) {
      const page = await counted(`/c/${community.slug}`);
      const shown = /Application fee[^$]*\$([0-9.]+)/.exec(page.html)?.[1] ?? /\$([0-9]+\.[0-9]{2})/.exec(page.html)![1]!;
      expect(shown).toBe(fee);
      const submit = await counted(`/c/${community.slug}/apply`, { cookie: cookiesOf(page.res), body: { name: "Bo", email: `bo-${i}@example.com`, accept_rules: "yes" } });
      const { unitAmounts } = await checkoutBehind(submit.res.headers.get("location")!);
      expect(unitAmounts).toEqual([Math.round(Number(fee) * 100)]);
      // The owner edits the fee; the very next page load shows the new one.
      const next = ["40.00", "31.50", "25.00"][i]!;
      const saved = await postForm(`/c/${community.slug}/admin/settings`, { ...settings, fee: next }, owner);
      expect(saved.status).toBe(303);
    }
  });
});

describe("the price shown is the price charged, with the configuration kept in memory", () => {
  const listedFee = (html: string) => Number(/name="listed_fee" value="(\d+)"/.exec(html)![1]);
  const applicationsOf = async (communityId: string, email: string) =>
    (await tools().deps.db.select().from(applications).where(and(eq(applications.communityId, communityId), eq(applications.email, email)))).length;

  it("a fee changed where this isolate cannot see it is refused at submit, nothing written or charged, and the form shows the new fee", async () => {
    const { community } = await makeCommunity({ feeAmount: 2500, feePolicy: "non_refundable" }, []);
    const page = await counted(`/c/${community.slug}`);
    expect(listedFee(page.html)).toBe(2500);
    // The owner's edit lands on another isolate: this one's copy still says $25.00 for a few seconds.
    await tools().deps.db.update(communities).set({ feeAmount: 4000 }).where(eq(communities.id, community.id));
    const stale = await counted(`/c/${community.slug}`, { cookie: cookiesOf(page.res) });
    expect(stale.stats.roundTrips).toBe(0);
    expect(listedFee(stale.html)).toBe(2500);
    const fields = { name: "Bo", email: "stale-fee@example.com", accept_rules: "yes" };
    const refused = await counted(`/c/${community.slug}/apply`, { cookie: cookiesOf(page.res), body: { ...fields, listed_fee: "2500" } });
    expect(refused.res.status).toBe(409);
    expect(refused.html).toContain("The application fee is now $40.00 (this page showed $25.00). Nothing was charged");
    expect(await applicationsOf(community.id, fields.email)).toBe(0);
    // The form came back with the fee the submission read; sent again, Checkout charges exactly that.
    expect(listedFee(refused.html)).toBe(4000);
    const sent = await counted(`/c/${community.slug}/apply`, { cookie: cookiesOf(page.res), body: { ...fields, listed_fee: String(listedFee(refused.html)) } });
    expect(sent.res.status).toBe(303);
    expect((await checkoutBehind(sent.res.headers.get("location")!)).unitAmounts).toEqual([4000]);
    expect(await applicationsOf(community.id, fields.email)).toBe(1);
    // The submission's fresh read replaced the copy: the next page shows $40.00.
    expect(listedFee((await counted(`/c/${community.slug}`)).html)).toBe(4000);
    // A listed fee that is not a number is refused by name.
    const garbled = await counted(`/c/${community.slug}/apply`, { cookie: cookiesOf(page.res), body: { ...fields, email: "garbled@example.com", listed_fee: "cheap" } });
    expect(garbled.res.status).toBe(400);
    expect(await applicationsOf(community.id, "garbled@example.com")).toBe(0);
  });

  it("while the owner changes the fee as visitors load the page and apply, every Checkout charges the fee its page listed", async () => {
    const { community } = await makeCommunity({ feeAmount: 2500, feePolicy: "non_refundable" }, []);
    const settings = { name: community.name, tagline: "", description: "d", rules: "r", currency: "usd", feePolicy: "non_refundable", termsUrl: "", privacyUrl: "", contactEmail: "", reviewDays: "", hostName: "" };
    const visitor = async (i: number) => {
      const page = await counted(`/c/${community.slug}`);
      const listed = listedFee(page.html);
      const email = `race-${i}@example.com`;
      const submit = await counted(`/c/${community.slug}/apply`, { cookie: cookiesOf(page.res), body: { name: "Bo", email, accept_rules: "yes", listed_fee: String(listed) } });
      if (submit.res.status === 303) return { listed, charged: (await checkoutBehind(submit.res.headers.get("location")!)).unitAmounts[0], written: await applicationsOf(community.id, email) };
      expect(submit.res.status).toBe(409);
      return { listed, charged: null, written: await applicationsOf(community.id, email) };
    };
    const fees = ["40.00", "31.50", "55.00"];
    const results = await Promise.all([
      ...Array.from({ length: 12 }, (_, i) => visitor(i)),
      (async () => {
        for (const fee of fees) expect((await postForm(`/c/${community.slug}/admin/settings`, { ...settings, fee }, owner)).status).toBe(303);
      })(),
    ]);
    const outcomes = results.filter((r): r is { listed: number; charged: number | null; written: number } => !!r);
    expect(outcomes).toHaveLength(12);
    for (const o of outcomes) {
      if (o.charged === null) expect(o.written).toBe(0);
      else {
        expect(o.charged).toBe(o.listed);
        expect(o.written).toBe(1);
      }
    }
    expect(outcomes.some((o) => o.charged !== null)).toBe(true);
  });
});

describe("the one-batch session read", () => {
  const home = () => `/c/${c.community.slug}/home`;

  it("refuses a cookie whose signature is not ours: the visitor is signed out", async () => {
    const token = /better-auth\.session_token=([^;.]+)/.exec(decodeURIComponent(member))![1]!;
    const forged = `better-auth.session_token=${encodeURIComponent(`${token}.${"A".repeat(43)}=`)}`;
    const { res } = await counted(home(), { cookie: forged });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toContain("/signin");
  });

  it("refuses an expired session, and slides a session due for its daily refresh", async () => {
    const cookie = await signIn("slide-trips@example.com");
    const token = /better-auth\.session_token=([^;.]+)/.exec(decodeURIComponent(cookie))![1]!;
    const db = tools().deps.db;
    // Due for refresh (last slid two days ago): still signed in, and the cookie is renewed.
    await db.update(session).set({ expiresAt: new Date(Date.now() + 28 * 86_400_000) }).where(eq(session.token, token));
    const slid = await counted(`/c/${c.community.slug}`, { cookie });
    expect(slid.html).toContain("slide-trips@example.com");
    const [row] = await db.select().from(session).where(eq(session.token, token));
    expect(row!.expiresAt.getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    // Expired: signed out.
    await db.update(session).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(session.token, token));
    const { res } = await counted(home(), { cookie });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toContain("/signin");
  });
});
