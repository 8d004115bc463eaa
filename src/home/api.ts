import * as z from "zod/mini";
import { createRoute, createApiRouter, errorResponses, jsonContent, staffSecurity } from "../api/openapi";
import { signedIn } from "../api/access";
import { SlugParams } from "../api/schemas";
import { communityAccess } from "../auth/community-access";
import { readerOf } from "../content/release";
import { AppError } from "../lib/errors";
import { markedHtml, MAX_QUERY, searchCommunity } from "./search";
import { lazyFields } from "../lib/lazy-fields";

/** Search under /api/v1: the same query, access check and bounds as the search page. */

const SearchQuery = z.strictObject(lazyFields({
  q: () => z._default(z.string().check(z.maxLength(MAX_QUERY, `Keep the search under ${MAX_QUERY} characters`)), "").check(z.meta({ description: "Words to find (each matched as typed; the last as a prefix)", example: "pricing" })),
  before: () => z.optional(z.string().check(z.regex(/^\d{1,15}$/, "Not a search position"))).check(z.meta({ description: "`next` of the previous page" })),
}));

const SearchResultSchema = z.lazy(() =>
  z.object({
    kind: z.enum(["post", "reply", "drop"]),
    id: z.string(),
    title: z.string().check(z.meta({ description: "HTML: escaped text, matches in <mark>" })),
    snippet: z.string().check(z.meta({ description: "HTML: escaped text around the match, matches in <mark>" })),
    url: z.url(),
    space: z.nullable(z.object({ slug: z.string(), name: z.string(), emoji: z.string() })),
    author: z.nullable(z.string()).check(z.meta({ description: "Display name; never an email" })),
    at: z.iso.datetime(),
  }).check(z.meta({ id: "SearchResult" })),
);

const SearchPageSchema = z.lazy(() =>
  z.object({
    results: z.array(SearchResultSchema),
    next: z.nullable(z.string()).check(z.meta({ description: "Pass as `before` for further results; null at the end. A page may hold fewer results than the limit: each request looks at a bounded stretch of matches." })),
  }).check(z.meta({ id: "SearchPage" })),
);

const searchRoute = createRoute({
  method: "get",
  path: "/communities/{slug}/search",
  tags: ["Search"],
  summary: "Search posts, replies and drops the caller may read (members and staff), newest first",
  description: "Posts and replies only in spaces the caller may read; drops only once they are open for the caller. Queries over 200 characters are refused (400 naming `q`).",
  security: staffSecurity,
  middleware: signedIn,
  request: { params: SlugParams, query: SearchQuery },
  responses: { 200: jsonContent(SearchPageSchema, "One page of results"), ...errorResponses(400, 401, 403, 404) },
});

export const homeApi = createApiRouter().openapi(searchRoute, async (c) => {
  const deps = c.get("deps");
  const { community, access } = await communityAccess(c, c.req.valid("param").slug);
  if (!access || !readerOf(access)) throw AppError.forbidden("Only members of this community can search it");
  const { q, before } = c.req.valid("query");
  const found = q.trim() ? await searchCommunity(deps, community, access, q, before) : { results: [], next: null };
  c.header("Cache-Control", "private, no-store");
  const base = deps.config.appUrl;
  return c.json(
    {
      results: found.results.map((r) => ({ kind: r.kind, id: r.id, title: markedHtml(r.title), snippet: markedHtml(r.snippet), url: base + r.path, space: r.space, author: r.author, at: r.at.toISOString() })),
      next: found.next,
    },
    200,
  );
});
