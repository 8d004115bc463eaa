import { and, count, eq, like } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { applications, comments, emails } from "../../drizzle";
import { call, makeCommunity, postForm, signIn, tools } from "../helpers";
import { api } from "../api/helpers";
import { contentCommunity, memberOf, staggeredDrop, unique } from "../content/helpers";
import { enforceRateLimits, RATE_RULES } from "../../src/lib/rate-limit";
import { AppError } from "../../src/lib/errors";

async function emailsTo(to: string, kind?: string) {
  const where = kind ? and(eq(emails.to, to), eq(emails.kind, kind)) : eq(emails.to, to);
  const [{ n }] = await tools().deps.db.select({ n: count() }).from(emails).where(where);
  return n;
}

const html = { accept: "text/html", "content-type": "application/x-www-form-urlencoded" };

describe("rate limits (D1 counters shared by every isolate)", () => {
  it("the 31st magic link for one address in a minute gets 429 with Retry-After, and no email beyond the limit", async () => {
    const email = unique("target");
    const { limit } = RATE_RULES.signinEmail;
    // 30 requests at once, as the attack did: the atomic counter lets exactly `limit` through.
    const burst = await Promise.all(Array.from({ length: 30 }, () => call("/signin", { method: "POST", body: new URLSearchParams({ email, next: "/" }), headers: html })));
    const statuses = burst.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(limit);
    expect(statuses.filter((s) => s === 429)).toHaveLength(30 - limit);
    const thirtyFirst = await call("/signin", { method: "POST", body: new URLSearchParams({ email, next: "/" }), headers: html });
    expect(thirtyFirst.status).toBe(429);
    const wait = Number(thirtyFirst.headers.get("retry-after"));
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(RATE_RULES.signinEmail.windowSeconds);
    expect(await thirtyFirst.text()).toContain("Too many sign-in links");
    expect(await emailsTo(email, "magic_link")).toBe(limit);

    // The JSON sign-in endpoint shares the count: no way around the limit.
    const direct = await call("/api/auth/sign-in/magic-link", { method: "POST", body: JSON.stringify({ email, callbackURL: "/" }), headers: { "content-type": "application/json" } });
    expect(direct.status).toBe(429);
    expect(direct.headers.get("retry-after")).toBeTruthy();
    expect((await direct.json<{ error: { code: string } }>()).error.code).toBe("rate_limited");
    expect(await emailsTo(email, "magic_link")).toBe(limit);
    // Someone else is not affected.
    expect((await postForm("/signin", { email: unique("other"), next: "/" })).status).toBe(200);
  });

  it("applying with someone else's email 20 times sends them at most the limit of emails", async () => {
    // Several communities, so each attempt could be a new application (and a new email).
    const circles = await Promise.all(Array.from({ length: 3 }, () => makeCommunity({ feeAmount: 0 })));
    const { community, questionIds } = circles[0]!;
    const victim = unique("victim");
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) {
      const { community, questionIds } = circles[i % circles.length]!;
      const res = await call(`/c/${community.slug}/apply`, {
        method: "POST",
        headers: html,
        body: new URLSearchParams({ name: "Spam", email: victim, accept_rules: "yes", [`q_${questionIds[0]}`]: `try ${i}` }),
      });
      statuses.push(res.status);
    }
    const { limit } = RATE_RULES.applyEmail;
    expect(statuses.filter((s) => s === 429)).toHaveLength(20 - limit);
    expect(statuses.filter((s) => s !== 429)).toHaveLength(limit);
    expect(await emailsTo(victim)).toBeLessThanOrEqual(limit);
    // The API counts against the same limit.
    const viaApi = await api(`/communities/${community.slug}/applications`, { method: "POST", body: { name: "Spam", email: victim, acceptRules: true, answers: { [questionIds[0]!]: "api" } } });
    expect(viaApi.status).toBe(429);
    expect(viaApi.headers.get("retry-after")).toBeTruthy();
  });

  it("counts applications per client address too", async () => {
    const { community, questionIds } = await makeCommunity({ feeAmount: 0 });
    const ip = "203.0.113.7";
    const { limit } = RATE_RULES.applyIp;
    const send = (i: number, from: string) =>
      call(`/c/${community.slug}/apply`, {
        method: "POST",
        headers: { ...html, "cf-connecting-ip": from },
        body: new URLSearchParams({ name: "Bot", email: unique(`bot${i}`), accept_rules: "yes", [`q_${questionIds[0]}`]: "x" }),
      });
    for (let i = 0; i < limit; i++) expect((await send(i, ip)).status).toBeLessThan(400);
    const over = await send(limit, ip);
    expect(over.status).toBe(429);
    expect(await over.text()).toContain("from your network");
    expect((await send(limit + 1, "198.51.100.1")).status).toBeLessThan(400);
    const [{ n }] = await tools().deps.db.select({ n: count() }).from(applications).where(and(eq(applications.communityId, community.id), like(applications.email, "bot%")));
    expect(n).toBe(limit + 1);
  });

  it("limits comments per member, on the page and in the API alike", async () => {
    const tiers = await contentCommunity();
    const member = unique("talker");
    await memberOf(tiers.community, tiers.core, member);
    const { drop } = await staggeredDrop(tiers.community, tiers, { title: "Chatty" });
    const cookie = await signIn(member);
    const { limit } = RATE_RULES.comment;
    for (let i = 0; i < limit; i++) {
      const res = i % 2 ? await postForm(`/c/${tiers.community.slug}/drops/${drop.id}/comments`, { body: `c${i}` }, cookie) : await api(`/communities/${tiers.community.slug}/drops/${drop.id}/comments`, { method: "POST", auth: cookie, body: { body: `c${i}` } });
      expect(res.status, `comment ${i}`).toBeLessThan(400);
    }
    const over = await api(`/communities/${tiers.community.slug}/drops/${drop.id}/comments`, { method: "POST", auth: cookie, body: { body: "one more" } });
    expect(over.status).toBe(429);
    expect((await over.json<{ error: { code: string } }>()).error.code).toBe("rate_limited");
    const [{ n }] = await tools().deps.db.select({ n: count() }).from(comments).where(eq(comments.dropId, drop.id));
    expect(n).toBe(limit);
  });

  it("starts a new window after the old one ends, and a configured limit replaces the default", async () => {
    const { deps } = tools();
    const t0 = new Date("2030-01-01T00:00:00Z");
    const custom = { ...deps, now: () => t0, config: { ...deps.config, rateLimits: { ...deps.config.rateLimits, comment: { limit: 2, windowSeconds: 60 } } } };
    await enforceRateLimits(custom, [["comment", "window@example.com"]]);
    await enforceRateLimits(custom, [["comment", "window@example.com"]]);
    const refused = await enforceRateLimits(custom, [["comment", "window@example.com"]]).catch((e) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused.retryAfterSeconds).toBe(60);
    const later = { ...custom, now: () => new Date(t0.getTime() + 61_000) };
    await expect(enforceRateLimits(later, [["comment", "window@example.com"]])).resolves.toBeUndefined();
  });
});
