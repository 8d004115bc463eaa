import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { applications } from "../../drizzle";
import { devPlatform } from "../../src/dev";
import { createFront, type FrontEnv } from "../../src/public/front";
import { BASE, call, form, makeCommunity, tools } from "../helpers";

// The full Worker, reached the way the public Worker reaches it in production: a service binding
// (here the loopback binding to this worker's own default export, the dev entry), counted.
const full = (exports as unknown as { default: Fetcher }).default;
let forwarded: string[] = [];
const APP = {
  fetch(input: RequestInfo | URL, init?: RequestInit) {
    const request = new Request(input, init);
    forwarded.push(`${request.method} ${new URL(request.url).pathname}`);
    return full.fetch(request);
  },
} as unknown as Fetcher;

const front = createFront({ platform: devPlatform });

async function viaFront(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.method && init.method !== "GET" && !headers.has("origin")) headers.set("origin", BASE);
  const ctx = createExecutionContext();
  const res = await front.fetch(new Request(BASE + path, { ...init, headers, redirect: "manual" }), { ...(env as unknown as FrontEnv), APP }, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

const html = { accept: "text/html" };

describe("the public Worker's front", () => {
  it("answers the applicant's pages itself and sends everything else on", () => {
    const req = (method: string, path: string) => new Request(BASE + path, { method });
    for (const [method, path] of [
      ["GET", "/"],
      ["GET", "/healthz"],
      ["GET", "/c/demo"],
      ["GET", "/c/demo/"],
      ["HEAD", "/c/demo"],
      ["GET", "/c/demo/apply"],
      ["POST", "/c/demo/apply"],
      ["GET", "/a/tok_123"],
      ["POST", "/a/tok_123/pay"],
      ["GET", "/signin"],
      ["POST", "/signin"],
      ["POST", "/signout"],
      ["POST", "/api/auth/sign-in/magic-link"],
      ["GET", "/api/auth/magic-link/verify"],
    ]) {
      expect(front.isPublic(req(method, path)), `${method} ${path}`).toBe(true);
    }
    for (const [method, path] of [
      ["GET", "/c/demo/home"],
      ["GET", "/c/demo/admin/members"],
      ["PUT", "/c/demo"],
      ["POST", "/c/demo"],
      ["GET", "/api/v1/openapi.json"],
      ["POST", "/webhooks/stripe"],
      ["GET", "/preferences/time-zone"],
      ["GET", "/api/auth/no-such-endpoint"],
      ["GET", "/no-such-page"],
    ]) {
      expect(front.isPublic(req(method, path)), `${method} ${path}`).toBe(false);
    }
  });

  it("serves the landing page as the full app does, without calling the full Worker", async () => {
    const { community } = await makeCommunity({ feeAmount: 2500 });
    forwarded = [];
    const cookie = "th_v=visitor-front-test";
    const [ours, theirs] = [await viaFront(`/c/${community.slug}`, { headers: { ...html, cookie } }), await call(`/c/${community.slug}`, { headers: { ...html, cookie } })];
    expect(forwarded).toEqual([]);
    expect(ours.status).toBe(200);
    expect(theirs.status).toBe(200);
    const [a, b] = [await ours.text(), await theirs.text()];
    expect(a).toContain("$25.00");
    expect(a).toBe(b);
  });

  it("takes an application and its fee through to Stripe Checkout", async () => {
    const { community, questionIds } = await makeCommunity({ feeAmount: 2500 });
    forwarded = [];
    const email = `front-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const res = await viaFront(`/c/${community.slug}/apply`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", ...html },
      body: form({ name: "Grace Hopper", email, accept_rules: "yes", [`q_${questionIds[0]}`]: "Engineer" }),
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toMatch(/checkout/);
    const rows = await tools().deps.db.select().from(applications).where(eq(applications.email, email));
    expect(rows).toHaveLength(1);
    expect(rows[0].communityId).toBe(community.id);
    expect(forwarded).toEqual([]);
  });

  it("passes other requests to the full Worker untouched, bodies included", async () => {
    const { community } = await makeCommunity();
    forwarded = [];
    // A member page, signed out: the full app's redirect to sign-in.
    const home = await viaFront(`/c/${community.slug}/home`, { headers: html });
    const direct = await call(`/c/${community.slug}/home`, { headers: html });
    expect(home.status).toBe(direct.status);
    expect(home.headers.get("location")).toBe(direct.headers.get("location"));
    // A form the full app must read: the time-zone choice comes back as the cookie it asked for.
    const saved = await viaFront("/preferences/time-zone", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form({ timeZone: "Asia/Tokyo", next: `/c/${community.slug}` }),
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.get("location")).toBe(`/c/${community.slug}`);
    expect((saved.headers as unknown as { getSetCookie(): string[] }).getSetCookie()[0]).toMatch(/^th_tz=Asia%2FTokyo;/);
    // The JSON API: its own answer to a caller without a session.
    const api = await viaFront("/api/v1/communities", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(api.status).toBe(401);
    // A page the full app alone has: its 404 page.
    const missing = await viaFront("/no-such-page", { headers: html });
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain("<h1");
    expect(forwarded).toEqual([`GET /c/${community.slug}/home`, "POST /preferences/time-zone", "POST /api/v1/communities", "GET /no-such-page"]);
  });
});
