import { UnsupportedPathError, type Params, type Result, type Router } from "hono/router";

/**
 * Hono's PatternRouter (one regular expression per route, compiled when the route is added, every
 * route tried in order), except that a route whose pattern spans a fixed number of path segments is
 * tried only on paths with that many. V8 compiles a regular expression on its first use, so with
 * PatternRouter a new isolate's first request compiled the pattern of every route of its method
 * (about 90 for the API's GETs), and every request ran them all. Matches are the same, in the same
 * order (test/lib/router.test.ts checks it against PatternRouter).
 */
export class SegmentRouter<T> implements Router<T> {
  name = "SegmentRouter";
  #routes: [pattern: RegExp, method: string, handler: T, segments: number | null][] = [];

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
    try {
      this.#routes.push([new RegExp(`^${parts.join("")}${suffix}`), method, handler, variable ? null : segmentsOf(path)]);
    } catch {
      throw new UnsupportedPathError();
    }
  }

  match(method: string, path: string): Result<T> {
    const handlers: [T, Params][] = [];
    const segments = segmentsOf(path);
    for (const [pattern, routeMethod, handler, routeSegments] of this.#routes) {
      if (routeSegments !== null && routeSegments !== segments) continue;
      if (routeMethod === method || routeMethod === "ALL") {
        const match = pattern.exec(path);
        if (match) handlers.push([handler, (match.groups as Params | undefined) || emptyParams]);
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
  return path.length > 1 && path.endsWith("/") ? n - 1 : path === "/" ? 0 : n;
}
