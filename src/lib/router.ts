import type { Params, Result, Router } from "hono/router";

/**
 * Hono's PatternRouter (one regular expression per route, every route tried in order), except
 * that a route whose pattern spans a fixed number of path segments is tried only on paths with
 * that many, that a pattern is built on its first try rather than when the route is added, and
 * that a route without parameters (`/signin`, `/admin/*`, the middleware's `*`) is matched by
 * comparing strings, with no regular expression at all. V8 compiles a regular expression on its
 * first use, so with PatternRouter a new isolate's first request compiled the pattern of every
 * route of its method (about 90 for the API's GETs), and every request ran them all. Matches are
 * the same, in the same order (test/lib/router.test.ts checks it against PatternRouter).
 */
export class SegmentRouter<T> implements Router<T> {
  name = "SegmentRouter";
  #routes: Route<T>[] = [];

  add(method: string, path: string, handler: T): void {
    const tail: Tail = path.endsWith("/*") ? "segment" : path.endsWith("*") ? "any" : "end";
    const variable = path.endsWith("*") || path.includes("{");
    path = path.replace(/\*$/, "");
    if (path.at(-1) === "?") {
      path = path.slice(0, -1);
      this.add(method, path.replace(/\/[^/]+$/, ""), handler);
    }
    const parts = path.match(PARTS) || [];
    // A pattern with parameters is compiled when a request first tries it: a new isolate built
    // ~700 of them at start-up in the Threshold Worker, and a request tries only those of its
    // length. (So a route's malformed `:name{regex}` fails on that first request, not here;
    // test/lib/router.test.ts tries every route's pattern.)
    const literal = parts.some((part) => part.includes(":") || part.includes("*")) ? undefined : parts.join("");
    // Segments as the pattern reads them: one per piece (so `/a//b` has two, as its `^/a/b` does).
    this.#routes.push({ parts, literal, tail, method, handler, segments: variable ? null : parts.length });
  }

  match(method: string, path: string): Result<T> {
    const handlers: [T, Params][] = [];
    const segments = segmentsOf(path);
    for (const route of this.#routes) {
      if (route.segments !== null && route.segments !== segments) continue;
      if (route.method !== method && route.method !== "ALL") continue;
      if (route.literal !== undefined) {
        if (literalMatches(route.literal, route.tail, path)) handlers.push([route.handler, emptyParams]);
        continue;
      }
      const match = (route.pattern ??= patternOf(route.parts, route.tail)).exec(path);
      if (match) handlers.push([route.handler, (match.groups as Params | undefined) || emptyParams]);
    }
    return [handlers];
  }
}

/** What may follow a route's path: nothing but a slash (`/x`), a further segment (`/x/*`) or anything (`/x*`). */
type Tail = "end" | "segment" | "any";

interface Route<T> {
  /** The path's pieces as PatternRouter splits it: `/name`, `/*`, `/:param` or `/:param{regex}`. */
  parts: string[];
  /** The path itself when it has no parameters, matched without a regular expression. */
  literal: string | undefined;
  pattern?: RegExp;
  tail: Tail;
  method: string;
  handler: T;
  segments: number | null;
}

const PARTS = /\/?(:\w+(?:{(?:(?:{[\d,]+})|[^}])+})?)|\/?[^/?]+/g;
const SUFFIX: Record<Tail, string> = { end: "/?$", segment: "(?:$|/)", any: "" };
const emptyParams: Params = Object.create(null);

/** What PatternRouter's `^<literal><suffix>` matches, by comparing strings. */
function literalMatches(literal: string, tail: Tail, path: string): boolean {
  if (!path.startsWith(literal)) return false;
  const rest = path.length - literal.length;
  if (tail === "any" || rest === 0) return true;
  return tail === "end" ? rest === 1 && path.endsWith("/") : path.charCodeAt(literal.length) === 47;
}

/** PatternRouter's regular expression for a route with parameters. */
function patternOf(parts: string[], tail: Tail): RegExp {
  const source = parts.map((part) => {
    const match = part.match(/^\/:([^{]+)(?:{(.*)})?/);
    return match ? `/(?<${match[1]}>${match[2] || "[^/]+"})` : part === "/*" ? "/[^/]+" : part.replace(/[.\\+*[^\]$()]/g, "\\$&");
  });
  return new RegExp(`^${source.join("")}${SUFFIX[tail]}`);
}

/** How many `/`-separated segments a path has, a trailing slash aside ("/" has none, "/c/demo/" two). */
function segmentsOf(path: string): number {
  let n = 0;
  for (let i = 0; i < path.length; i++) if (path.charCodeAt(i) === 47) n++;
  return path.endsWith("/") ? n - 1 : n;
}
