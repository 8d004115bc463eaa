import { asc, eq } from "drizzle-orm";
import { Hono, type Context } from "hono";
import { spaces, tiers } from "../../drizzle";
import type { AppEnv } from "../app-env";
import { communityAccess } from "../auth/community-access";
import { requireViewer } from "../auth/session";
import { flashFor, loadAdmin, OWNERS_ONLY } from "../communities/admin-context";
import { formText, readForm } from "../communities/forms";
import { AppError } from "../lib/errors";
import { parseOrThrow } from "../lib/validation";
import { page } from "../ui/layout";
import { directoryFilters, directoryPage, directoryQuerySchema, MAX_ANSWER_FILTERS } from "./directory";
import { introductions } from "./introductions";
import { PeopleSettingsPage } from "./people-admin";
import { renderDirectory, renderPerson } from "./people-pages";
import { personView } from "./person";
import { peopleSettingsSchema, savePeopleSettings, settingsFrom, settingsQuery } from "./visibility";

/** The member directory, a member's profile page, and the owner's directory settings. */
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

const FLASH = { saved: "Directory settings saved." };

async function settingsPage(c: Context<AppEnv>, errors: Record<string, string> = {}, status: 200 | 400 = 200) {
  const admin = await loadAdmin(c, OWNERS_ONLY);
  const db = c.get("deps").db;
  const [settingsRows, tierRows, spaceRows] = await db.batch([
    settingsQuery(db, admin.community.id),
    db.select({ id: tiers.id, name: tiers.name, rank: tiers.rank }).from(tiers).where(eq(tiers.communityId, admin.community.id)).orderBy(asc(tiers.rank)),
    db.select({ id: spaces.id, name: spaces.name }).from(spaces).where(eq(spaces.communityId, admin.community.id)).orderBy(asc(spaces.position)),
  ]);
  const props = { ...admin, settings: settingsFrom(settingsRows), tiers: tierRows, spaces: spaceRows, errors, flash: flashFor(c, FLASH) };
  return c.html(page(<PeopleSettingsPage {...props} />), status);
}

peopleRoutes.get("/c/:slug/admin/people", (c) => settingsPage(c));

peopleRoutes.post("/c/:slug/admin/people", async (c) => {
  const admin = await loadAdmin(c, OWNERS_ONLY);
  const form = await readForm(c);
  // Both fields are always in the page's form; a body without them is not a choice of defaults.
  const field = (name: string) => (name in form ? formText(form, name) : undefined);
  try {
    await savePeopleSettings(c.get("deps"), admin.community.id, parseOrThrow(peopleSettingsSchema, { minRank: field("minRank"), introSpaceId: field("introSpaceId") }));
  } catch (err) {
    if (!(err instanceof AppError) || !err.details?.length) throw err;
    return settingsPage(c, Object.fromEntries(err.details.map((d) => [d.field, d.message])), 400);
  }
  return c.redirect(`/c/${admin.community.slug}/admin/people?done=saved`, 303);
});
