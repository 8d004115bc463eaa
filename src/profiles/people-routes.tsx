import { Hono, type Context } from "hono";
import type { AppEnv } from "../app-env";
import { communityAccess } from "../auth/community-access";
import { requireViewer } from "../auth/session";
import { AppError } from "../lib/errors";
import { parseOrThrow } from "../lib/validation";
import { page } from "../ui/layout";
import { directoryFilters, directoryPage, directoryQuerySchema, MAX_ANSWER_FILTERS } from "./directory";
import { introductions } from "./introductions";
import { renderDirectory, renderPerson } from "./people-pages";
import { personView } from "./person";

/** The member directory and a member's profile page (the owner's directory settings: ./people-admin-routes). */
export const peopleRoutes = new Hono<AppEnv>();

/** The page's fields as the API's query: `a.<questionId>` fields become `answer=questionId:value`. */
function queryOf(c: Context<AppEnv>) {
  const all = c.req.query();
  const answers: Record<string, string> = {};
  for (const [key, value] of Object.entries(all)) if (key.startsWith("a.") && value.trim()) answers[key.slice(2, 42)] = value;
  if (Object.keys(answers).length > MAX_ANSWER_FILTERS) throw AppError.validation([{ field: "answer", message: `At most ${MAX_ANSWER_FILTERS} answer filters` }]);
  const raw = { q: all.q, tier: all.tier, city: all.city, new: all.new, cursor: all.cursor, answer: Object.entries(answers).map(([id, v]) => `${id}:${v}`) };
  const query = parseOrThrow(directoryQuerySchema, raw);
  const values = { q: all.q ?? "", tier: all.tier ?? "", city: all.city ?? "", new: query.new === "1" || query.new === "true", answers };
  const keep = new URLSearchParams(Object.entries(all).filter(([k, v]) => k !== "cursor" && v !== ""));
  return { query, values, keep: keep.toString() };
}

async function insider(c: Context<AppEnv>) {
  const { community, access } = await communityAccess(c, c.req.param("slug") ?? "");
  const viewer = await requireViewer(c);
  c.header("Cache-Control", "private, no-store");
  return { deps: c.get("deps"), community, access, viewer };
}

peopleRoutes.get("/c/:slug/people", async (c) => {
  const { deps, community, access, viewer } = await insider(c);
  const { query, values, keep } = queryOf(c);
  const filters = directoryFilters(query);
  // Both check the same visibility rule; they run side by side.
  const [dir, intros] = await Promise.all([directoryPage(deps, community, access, filters), introductions(deps, community, access, viewer.email)]);
  return c.html(renderDirectory({ community, page: dir, filters, values, introductions: intros, query: keep }));
});

peopleRoutes.get("/c/:slug/people/:publicId", async (c) => {
  const { deps, community, access } = await insider(c);
  const publicId = c.req.param("publicId");
  if (!/^[0-9a-z]{8,32}$/.test(publicId)) throw AppError.notFound("Member");
  return c.html(renderPerson(community, await personView(deps, community, access, publicId)));
});
