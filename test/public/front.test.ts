import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { applications, communities, stripeEvents } from "../../drizzle";
import { devPlatform } from "../../src/dev";
import { createFront, type FrontEnv } from "../../src/public/front";
import { createMemberApp } from "../../src/member-app";
import { createOwnersApp } from "../../src/owners/app";
import { createBackgroundApp } from "../../src/background/app";
import { createApiApp } from "../../src/api/app";
import { ALL_API } from "../../src/api/all";
import { openApiDocument } from "../../src/api/document";
import { COMMUNITY_API } from "../../src/api/community";
import { CORE_API } from "../../src/api/core";
import { BASE, call, form, makeCommunity, signIn, tools } from "../helpers";

// The Workers behind the public one, built as they deploy (src/index.ts, src/owners/index.ts,
// src/api/index.ts, src/api/community-index.ts, src/background/index.ts) on the dev platform,
// reached through counted stand-ins for the service bindings.
const behind = {
  APP: createMemberApp({ platform: devPlatform }),
  OWNERS: createOwnersApp({ platform: devPlatform }),
  API: createApiApp({ platform: devPlatform, lists: CORE_API, document: { build: openApiDocument(ALL_API) } }),
  COMMUNITY_API: createApiApp({ platform: devPlatform, lists: COMMUNITY_API }),
  BACKGROUND: createBackgroundApp({ platform: devPlatform }),
};
let forwarded: string[] = [];

const front = createFront({ platform: devPlatform });

async function viaFront(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.method && init.method !== "GET" && !headers.has("origin")) headers.set("origin", BASE);
  const ctx = createExecutionContext();
  const bindings = Object.fromEntries(
    Object.entries(behind).map(([name, app]) => [
      name,
      {
        fetch(input: RequestInfo | URL, init?: RequestInit) {
          const request = new Request(input, init);
          forwarded.push(`${name} ${request.method} ${new URL(request.url).pathname}`);
          return app.fetch(request, env, ctx);
        },
      },
    ]),
  );
  const res = await front.fetch(new Request(BASE + path, { ...init, headers, redirect: "manual" }), { ...(env as unknown as FrontEnv), ...bindings } as FrontEnv, ctx);
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

  it("passes other requests to the Worker behind it that holds their route, bodies included", async () => {
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
    expect(forwarded).toEqual([`APP GET /c/${community.slug}/home`, "APP POST /preferences/time-zone", "API POST /api/v1/communities", "APP GET /no-such-page"]);
  });

  it("serves an owner's pages and the JSON API from their own Workers, as the one-Worker app does", async () => {
    const { community } = await makeCommunity({ owners: ["front-owner@example.com"] });
    const cookie = await signIn("front-owner@example.com");
    forwarded = [];
    const settings = await viaFront(`/c/${community.slug}/admin/settings`, { headers: { ...html, cookie } });
    expect(settings.status).toBe(200);
    const page = await settings.text();
    expect(page).toContain("Test Circle");
    expect(page).toBe(await (await call(`/c/${community.slug}/admin/settings`, { headers: { ...html, cookie } })).text());
    // An owner's form post, read by the owners' Worker: the tagline is saved.
    const saved = await viaFront(`/c/${community.slug}/admin/settings`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie },
      body: form({ name: "Test Circle", tagline: "Saved through the owners' Worker", description: "A community for tests.", rules: "Be kind.", fee: "25.00", currency: "usd", feePolicy: "non_refundable" }),
    });
    expect(saved.status).toBe(303);
    const read = await viaFront(`/api/v1/communities/${community.slug}`, { headers: { accept: "application/json", cookie } });
    expect(read.status).toBe(200);
    expect(((await read.json()) as { tagline: string }).tagline).toBe("Saved through the owners' Worker");
    // The community space's API from its own Worker, as the one-Worker app answers it.
    const spaces = await viaFront(`/api/v1/communities/${community.slug}/spaces`, { headers: { accept: "application/json", cookie } });
    expect(spaces.status).toBe(200);
    expect(await spaces.text()).toBe(await (await call(`/api/v1/communities/${community.slug}/spaces`, { headers: { accept: "application/json", cookie } })).text());
    // The API Worker's document describes both Workers' routes.
    const doc = await viaFront("/api/v1/openapi.json", { headers: { accept: "application/json" } });
    const paths = Object.keys(((await doc.json()) as { paths: object }).paths);
    expect(paths).toContain("/communities/{slug}/tiers");
    expect(paths).toContain("/communities/{slug}/spaces");
    expect(forwarded).toEqual([
      `OWNERS GET /c/${community.slug}/admin/settings`,
      `OWNERS POST /c/${community.slug}/admin/settings`,
      `API GET /api/v1/communities/${community.slug}`,
      `COMMUNITY_API GET /api/v1/communities/${community.slug}/spaces`,
      "API GET /api/v1/openapi.json",
    ]);
    const [row] = await tools().deps.db.select().from(communities).where(eq(communities.id, community.id));
    expect(row.tagline).toBe("Saved through the owners' Worker");
  });

  it("sends Stripe's webhooks to the background Worker, which verifies and records them; a forged one is refused there", async () => {
    const id = `evt_front_${crypto.randomUUID().slice(0, 8)}`;
    const payload = JSON.stringify({ id, object: "event", type: "payment_intent.succeeded", created: Math.floor(Date.now() / 1000), data: { object: { id: "pi_front_test", object: "payment_intent", metadata: {} } } });
    const hook = (signature: string) => viaFront("/webhooks/stripe", { method: "POST", body: payload, headers: { "content-type": "application/json", "stripe-signature": signature } });
    forwarded = [];
    const signed = await hook(await tools().emulator.signPayload(payload));
    expect(signed.status).toBe(200);
    expect(((await signed.json()) as { received: boolean }).received).toBe(true);
    const [event] = await tools().deps.db.select().from(stripeEvents).where(eq(stripeEvents.id, id));
    expect(event?.processedAt).toBeInstanceOf(Date);
    const forged = await hook("t=1,v1=0000");
    expect(forged.status).toBe(400);
    expect(forwarded).toEqual(["BACKGROUND POST /webhooks/stripe", "BACKGROUND POST /webhooks/stripe"]);
  });
});
