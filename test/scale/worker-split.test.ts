import { describe, expect, it } from "vitest";
import type { Hono } from "hono";
import { PatternRouter } from "hono/router/pattern-router";
import type { AppEnv } from "../../src/app-env";
import { devPlatform } from "../../src/dev";
import { MEMBER_ROUTES } from "../../src/member-app";
import { OWNER_ROUTES } from "../../src/owners/app";
import { PUBLIC_ROUTES } from "../../src/public/app";
import { BACKGROUND_ROUTES } from "../../src/background/app";
import { createFront, type Target } from "../../src/public/front";
import { COMMUNITY_API } from "../../src/api/community";
import { CORE_API } from "../../src/api/core";
import { apiRoutesOf } from "../../src/api/openapi";
import { BASE } from "../helpers";

// Production deploys the app as six Workers (src/routing.ts): the public one answers the
// applicant's pages and sends every other request on by its path. These tests check that the
// Worker a request is sent to holds every route the one-Worker app (src/app.ts, which the rest of
// the suite drives) would run for it, so the split answers exactly as the tested app does.

type Routes = Hono<AppEnv>;
const front = createFront({ platform: devPlatform });
const modulesOf: Record<Exclude<Target, "api" | "communityApi">, Routes[]> = { public: PUBLIC_ROUTES, owners: OWNER_ROUTES, background: BACKGROUND_ROUTES, app: MEMBER_ROUTES };
const allModules = [...new Set([...PUBLIC_ROUTES, ...MEMBER_ROUTES, ...OWNER_ROUTES, ...BACKGROUND_ROUTES])];

interface Endpoint {
  module: Routes;
  method: string;
  path: string;
}
const endpoints: Endpoint[] = allModules.flatMap((module) =>
  module.routes.filter((r: { method: string }) => r.method !== "ALL").map((r: { method: string; path: string }) => ({ module, method: r.method, path: r.path })),
);

/** A concrete path a route pattern matches: each parameter filled with a value its pattern takes. */
function sampleOf(pattern: string): string {
  return pattern
    .split("/")
    .map((segment) => {
      if (segment === "*") return "any";
      if (!segment.startsWith(":")) return segment;
      const brace = segment.indexOf("{");
      // Hono's ":name{regex}": the regex runs to the segment's last closing brace.
      return brace < 0 ? "x1" : sampleFor(new RegExp(`^(?:${segment.slice(brace + 1, segment.lastIndexOf("}"))})$`));
    })
    .join("/");
}
function sampleFor(re: RegExp): string {
  const found = ["x1", `ntf_${"a".repeat(20)}`, "1"].find((s) => re.test(s));
  if (!found) throw new Error(`no sample value for ${re}: add one to sampleFor`);
  return found;
}
const matches = (e: Endpoint, method: string, path: string): boolean => {
  const router = new PatternRouter<true>();
  router.add(e.method, e.path, true);
  return router.match(method, path)[0].length > 0;
};

describe("the Workers the app deploys as", () => {
  it("cover every route module, each in the Worker its paths go to", () => {
    expect(endpoints.length).toBeGreaterThan(150);
    const problems: string[] = [];
    for (const e of endpoints) {
      const path = sampleOf(e.path);
      expect(matches(e, e.method, path), `${e.method} ${e.path} → ${path}`).toBe(true);
      const target = front.targetOf(new Request(BASE + path, { method: e.method }));
      if (target === "api" || target === "communityApi") {
        problems.push(`${e.method} ${e.path} is a page route under the API Workers' paths`);
        continue;
      }
      // Every route the one-Worker app would run for this request must be in the chosen Worker.
      for (const other of endpoints) {
        if (matches(other, e.method, path) && !modulesOf[target].includes(other.module)) {
          problems.push(`${e.method} ${path} goes to the ${target} Worker, which lacks the module of ${other.method} ${other.path}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("send the owners' pages, the API and the rest where they belong", () => {
    const targetOf = (method: string, path: string) => front.targetOf(new Request(BASE + path, { method }));
    expect(targetOf("GET", "/c/demo/admin/applications")).toBe("owners");
    expect(targetOf("POST", "/c/demo/admin/experiments/exp_1/stop")).toBe("owners");
    expect(targetOf("GET", "/c/demo/admin")).toBe("owners");
    expect(targetOf("GET", "/admin/communities")).toBe("owners");
    expect(targetOf("GET", "/api/v1/openapi.json")).toBe("api");
    expect(targetOf("DELETE", "/api/v1/communities/demo/tiers/t1")).toBe("api");
    expect(targetOf("POST", "/api/v1/communities/demo/spaces/general/threads")).toBe("communityApi");
    expect(targetOf("GET", "/api/v1/communities/demo/events")).toBe("communityApi");
    expect(targetOf("POST", "/api/auth/sign-in/magic-link")).toBe("public");
    expect(targetOf("GET", "/c/demo")).toBe("public");
    expect(targetOf("GET", "/c/demo/home")).toBe("app");
    expect(targetOf("GET", "/c/administrators/home")).toBe("app");
    expect(targetOf("GET", "/c/demo/s/general")).toBe("app");
    expect(targetOf("POST", "/webhooks/stripe")).toBe("background");
    expect(targetOf("GET", "/webhooks/anything")).toBe("background");
    expect(targetOf("GET", "/webhooksx")).toBe("app");
    expect(targetOf("GET", "/administer")).toBe("app");
    expect(targetOf("GET", "/no-such-page")).toBe("app");
  });

  it("sends each API route to the Worker that has it", () => {
    const filled = (path: string) => `/api/v1${path.replaceAll(/{slug}/g, "demo").replaceAll(/{\w+}/g, "x_1")}`;
    const targets = (lists: typeof CORE_API) =>
      lists.flatMap(apiRoutesOf).map(({ method, path }) => `${method.toUpperCase()} ${path} -> ${front.targetOf(new Request(BASE + filled(path), { method: method.toUpperCase() }))}`);
    const core = targets(CORE_API);
    const community = targets(COMMUNITY_API);
    expect(core.length).toBeGreaterThan(50);
    expect(community.length).toBeGreaterThan(40);
    expect(core.filter((t) => !t.endsWith("-> api"))).toEqual([]);
    expect(community.filter((t) => !t.endsWith("-> communityApi"))).toEqual([]);
    // Nor does a request sent to one API Worker match a route of the other (the one-Worker app has both).
    const routers = [CORE_API, COMMUNITY_API].map((lists) => {
      const router = new PatternRouter<string>();
      for (const { method, path } of lists.flatMap(apiRoutesOf)) router.add(method.toUpperCase(), `/api/v1${path.replaceAll(/{(\w+)}/g, ":$1")}`, `${method} ${path}`);
      return router;
    });
    const crossed = [CORE_API, COMMUNITY_API].flatMap((lists, side) =>
      lists.flatMap(apiRoutesOf).flatMap(({ method, path }) => routers[1 - side]!.match(method.toUpperCase(), filled(path))[0].map(([other]) => `${method} ${path} also matches ${other}`)),
    );
    expect(crossed).toEqual([]);
    // The areas are whole segments: a longer word, or the area as a slug, stays with the API Worker.
    for (const path of ["/api/v1/communities/demo/spacesx", "/api/v1/communities/spaces", "/api/v1/communities/demo", "/api/v1/openapi.json"]) {
      expect(front.targetOf(new Request(BASE + path)), path).toBe("api");
    }
  });

  it("keep the owners' pages out of the Threshold Worker and the member pages out of the owners'", () => {
    // The point of the split is what each isolate compiles: a module only one side's paths reach
    // belongs to that side alone.
    const ownerOnly = OWNER_ROUTES.filter((m) => !MEMBER_ROUTES.includes(m));
    const memberOnly = MEMBER_ROUTES.filter((m) => !OWNER_ROUTES.includes(m));
    const targets = (m: Routes) => new Set(endpoints.filter((e) => e.module === m).map((e) => front.targetOf(new Request(BASE + sampleOf(e.path), { method: e.method }))));
    for (const m of ownerOnly) expect([...targets(m)]).toEqual(["owners"]);
    const ownerPathsOf = (m: Routes) => endpoints.filter((e) => e.module === m && front.targetOf(new Request(BASE + sampleOf(e.path), { method: e.method })) === "owners");
    expect(memberOnly.flatMap((m) => ownerPathsOf(m).map((e) => `${e.method} ${e.path}`))).toEqual([]);
    // And no module is in both: each Worker carries only its own side's pages.
    expect(OWNER_ROUTES.filter((m) => MEMBER_ROUTES.includes(m))).toEqual([]);
  });

  it("keep Stripe's webhooks in the background Worker alone, and nothing else there but the health check", () => {
    const targets = (m: Routes) => new Set(endpoints.filter((e) => e.module === m).map((e) => front.targetOf(new Request(BASE + sampleOf(e.path), { method: e.method }))));
    const backgroundOnly = BACKGROUND_ROUTES.filter((m) => !PUBLIC_ROUTES.includes(m));
    expect(backgroundOnly.length).toBeGreaterThan(0);
    for (const m of backgroundOnly) {
      expect([...targets(m)]).toEqual(["background"]);
      expect(MEMBER_ROUTES.includes(m) || OWNER_ROUTES.includes(m)).toBe(false);
    }
    const elsewhere = [...MEMBER_ROUTES, ...OWNER_ROUTES].flatMap((m) => endpoints.filter((e) => e.module === m && front.targetOf(new Request(BASE + sampleOf(e.path), { method: e.method })) === "background"));
    expect(elsewhere.map((e) => `${e.method} ${e.path}`)).toEqual([]);
  });
});
