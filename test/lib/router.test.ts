import { describe, expect, it } from "vitest";
import { PatternRouter } from "hono/router/pattern-router";
import { createApiApp } from "../../src/api/app";
import { COMMUNITY_API } from "../../src/api/community";
import { CORE_API } from "../../src/api/core";
import { createApp } from "../../src/app";
import { devPlatform } from "../../src/dev";
import { SegmentRouter } from "../../src/lib/router";
import { API_PATHS, COMMUNITY_API_PATHS, OWNER_PATHS } from "../../src/routing";

// SegmentRouter skips the routes whose pattern has another number of segments than the path; it
// must match exactly as Hono's PatternRouter does: the same handlers, in the same order, with the
// same parameters.

type Route = { method: string; path: string };
const appRoutes: Route[] = [
  ...createApp({ platform: devPlatform }).routes,
  ...createApiApp({ platform: devPlatform, lists: CORE_API }).routes,
  ...createApiApp({ platform: devPlatform, lists: COMMUNITY_API }).routes,
];
const tricky: Route[] = [
  { method: "ALL", path: "*" },
  { method: "ALL", path: "/*" },
  { method: "GET", path: "/" },
  { method: "GET", path: "/c/:slug/*" },
  { method: "GET", path: "/c/:slug/files/*" },
  { method: "GET", path: "/a/*/b" },
  { method: "GET", path: "/opt/:id?" },
  { method: "GET", path: "/docs/:rest{.+}" },
  { method: "GET", path: "/n/:id{[0-9]+}" },
  { method: "POST", path: "/c/:slug/apply" },
  // Literal routes, matched without a regular expression: a trailing slash, a doubled one, a dot,
  // a prefix that is not a whole segment.
  { method: "GET", path: "/about/" },
  { method: "GET", path: "/a//b" },
  { method: "GET", path: "/feed.ics" },
  { method: "GET", path: "/pre*" },
  { method: "ALL", path: "/x/y/*" },
  // The public Worker's prefixes (src/routing.ts), an alternation among them.
  ...[...OWNER_PATHS, ...COMMUNITY_API_PATHS, ...API_PATHS].map((path) => ({ method: "ALL", path })),
];

/** Concrete paths for a pattern: parameters and wildcards filled, with and without a trailing slash, one segment more and less. */
function pathsFor(pattern: string): string[] {
  const filled = pattern
    .split("/")
    .map((s) => (s === "*" ? "any" : s.startsWith(":") ? (s.includes("[0-9]") ? "42" : "x1") : s.replace(/\*$/, "")))
    .join("/")
    .replace(/\?$/, "");
  const base = filled === "" ? "/" : filled;
  return [base, `${base}/`.replace("//", "/"), `${base}/extra`.replace("//", "/"), base.replace(/\/[^/]*$/, "") || "/", `${base}/a/b`.replace("//", "/")];
}

function both(routes: Route[]) {
  const pattern = new PatternRouter<number>();
  const segment = new SegmentRouter<number>();
  routes.forEach((r, i) => {
    pattern.add(r.method, r.path, i);
    segment.add(r.method, r.path, i);
  });
  return { pattern, segment };
}

describe("SegmentRouter", () => {
  it("matches as PatternRouter does, on every route of the app and the API and on tricky patterns", () => {
    const routes = [...appRoutes, ...tricky];
    expect(appRoutes.length).toBeGreaterThan(300);
    const { pattern, segment } = both(routes);
    const paths = new Set(routes.flatMap((r) => pathsFor(r.path)));
    let compared = 0;
    let matched = 0;
    for (const path of paths) {
      for (const method of ["GET", "POST", "DELETE", "PATCH", "PUT"]) {
        const expected = pattern.match(method, path);
        expect(segment.match(method, path), `${method} ${path}`).toEqual(expected);
        compared++;
        if (expected[0].length > 2) matched++;
      }
    }
    expect(compared).toBeGreaterThan(1000);
    // The comparison is not vacuous: most paths match a route beyond the catch-all middleware.
    expect(matched).toBeGreaterThan(compared / 4);
  });

  it("matches a route on paths of its length, with or without a trailing slash", () => {
    const { segment } = both([
      { method: "GET", path: "/c/:slug" },
      { method: "GET", path: "/c/:slug/home" },
    ]);
    expect(segment.match("GET", "/c/demo/home")[0].map(([h]) => h)).toEqual([1]);
    expect(segment.match("GET", "/c/demo/")[0]).toEqual([[0, expect.objectContaining({ slug: "demo" })]]);
  });
});
