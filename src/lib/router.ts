import type { Params, Result, Router } from "hono/router";

/**
 * Hono's PatternRouter (one regular expression per route, every route tried in order), except
 * that a route whose pattern spans a fixed number of path segments is tried only on paths with
 * that many, and that a pattern is built on its first try rather than when the route is added.
 * V8 compiles a regular expression on its first use, so with PatternRouter a new isolate's first
 * request compiled the pattern of every route of its method (about 90 for the API's GETs), and
 * every request ran them all. Matches are the same, in the same
 * order (test/lib/router.test.ts checks it against PatternRouter).
 */
export class SegmentRouter<T> implements Router<T> {
  name = "SegmentRouter";
  #routes: { source: string; pattern?: RegExp; method: string; handler: T; segments: number | null }[] = [];

  add(method: string, path: string, handler: T): void {
    const suffix = path.endsWith("/*") ? "(?:$|/)" : path.endsWith("*") ? "" : "/?$";
    const variable = path.endsWith("*") || path.includes("{");
    path = path.replace(/\*$/, "");
    if (path.at(-1) === "?") {
      path = path.slice(0, -1);
      this.add(method, path.replace(/\/[^/]+$/, ""), handler);
    }
    const parts = (path.match(/\/?(:\w+(?:{(?:(?:{[\d,]+})|[^}])+})?)|\/?[^/?]+/g) || []).map((part) => {
      const match = part.match(/^\/:([^{]+)(?:{(.*)})?/);
      return match ? `/(?<${match[1]}>${match[2] || "[^/]+"})` : part === "/*" ? "/[^/]+" : part.replace(/[.\\+*[^\]$()]/g, "\\$&");
    });
    // The pattern is compiled when a request first tries it: a new isolate built ~700 of them at
    // start-up in the Threshold Worker, and a request tries only those of its length. (So a route's
    // malformed `:name{regex}` fails on that first request, not here; test/lib/router.test.ts tries
    // every route's pattern.)
    this.#routes.push({ source: `^${parts.join("")}${suffix}`, method, handler, segments: variable ? null : segmentsOf(path) });
  }

  match(method: string, path: string): Result<T> {
    const handlers: [T, Params][] = [];
    const segments = segmentsOf(path);
    for (const route of this.#routes) {
      if (route.segments !== null && route.segments !== segments) continue;
      if (route.method === method || route.method === "ALL") {
        const match = (route.pattern ??= new RegExp(route.source)).exec(path);
        if (match) handlers.push([route.handler, (match.groups as Params | undefined) || emptyParams]);
      }
    }
    return [handlers];
  }
}

const emptyParams: Params = Object.create(null);

/** How many `/`-separated segments a path has, a trailing slash aside ("/" has none, "/c/demo/" two). */
function segmentsOf(path: string): number {
  let n = 0;
  for (let i = 0; i < path.length; i++) if (path.charCodeAt(i) === 47) n++;
  return path.endsWith("/") ? n - 1 : n;
}
