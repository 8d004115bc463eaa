import * as z from "zod/mini";
import { createRoute, createApiRouter, errorResponses, jsonBody, jsonContent, staffSecurity } from "../api/openapi";
import { communityStaff, signedIn } from "../api/access";
import { SlugParams } from "../api/schemas";
import { awardBadge, badgeInputSchema, removeBadge } from "./badges";
import { leaderboard, PERIODS, type Leaderboard } from "./leaderboard";
import { communityLevels, levelsInputSchema, saveLevels, type Level } from "./levels";
import { insiderAccess, periodOf } from "./access";
import { lazyFields } from "../lib/lazy-fields";

/** Leaderboards and levels (members and staff), levels and badges (owners) under /api/v1. */

const tags = ["Honours"];
const ownersOnly = communityStaff(["owner"]);
const route = <R extends Parameters<typeof createRoute>[0]>(r: R) => createRoute({ tags, security: staffSecurity, middleware: signedIn, ...r });

const LevelSchema = z.lazy(() =>
  z.object({ level: z.number().check(z.int()), minPoints: z.number().check(z.int()), name: z.string() }).check(z.meta({ id: "Level" })),
);
const LevelsSchema = z.lazy(() =>
  z.object({ levels: z.array(LevelSchema) }).check(z.meta({ id: "Levels" })),
);
const LeaderboardSchema = z.lazy(() =>
  z.object({
    period: z.enum(PERIODS),
    entries: z.array(
      z.object({
        rank: z.number().check(z.int()),
        name: z.string().check(z.meta({ description: "Display name with level (“Maya Lindqvist · Level 3”), never any part of an email" })),
        level: z.number().check(z.int()),
        badges: z.array(z.string()),
        points: z.number().check(z.int(), z.meta({ description: "Points in the period" })),
      }),
    ),
    you: z.object({ points: z.number().check(z.int()), periodPoints: z.number().check(z.int()), level: z.number().check(z.int()) }),
    levels: z.array(LevelSchema),
  }).check(z.meta({ id: "Leaderboard" })),
);
const BadgeSchema = z.lazy(() =>
  z.object({ id: z.string(), name: z.string(), awardedAt: z.string() }).check(z.meta({ id: "Badge" })),
);

const boardView = (b: Leaderboard): z.input<typeof LeaderboardSchema> => ({
  period: b.period,
  entries: b.entries.map((e) => ({ rank: e.rank, name: e.name, level: e.level, badges: e.badges, points: e.points })),
  you: b.you,
  levels: b.levels,
});
const levelsView = (levels: Level[]) => ({ levels });

const boardRoute = route({
  method: "get",
  path: "/communities/{slug}/leaderboard",
  summary: "Top members by points: the last 7 days, the last 30 days or all time (members with access and staff)",
  description: "Read from per-member aggregates by index; `period` is `7d`, `30d` (default) or `all`.",
  request: { params: SlugParams, query: z.object(lazyFields({ period: () => z.optional(z.string().check(z.maxLength(8))).check(z.meta({ description: "7d, 30d or all" })) })) },
  responses: { 200: jsonContent(LeaderboardSchema, "The leaderboard"), ...errorResponses(400, 401, 403, 404) },
});
const levelsRoute = route({
  method: "get",
  path: "/communities/{slug}/levels",
  summary: "The community's levels and the points each needs (members with access and staff)",
  request: { params: SlugParams },
  responses: { 200: jsonContent(LevelsSchema, "Levels, lowest first"), ...errorResponses(400, 401, 403, 404) },
});
const saveLevelsRoute = route({
  method: "put",
  path: "/communities/{slug}/levels",
  middleware: ownersOnly,
  summary: "Replace the levels (owners): 2 to 10, level 1 at 0 points, each needing more than the last",
  request: { params: SlugParams, body: jsonBody(levelsInputSchema) },
  responses: { 200: jsonContent(LevelsSchema, "Saved; every member's level follows"), ...errorResponses(400, 401, 403, 404, 415) },
});
const badgeRoute = route({
  method: "post",
  path: "/communities/{slug}/badges",
  middleware: ownersOnly,
  summary: "Give a current member or staff a badge (owners)",
  request: { params: SlugParams, body: jsonBody(badgeInputSchema) },
  responses: { 201: jsonContent(BadgeSchema, "Given"), ...errorResponses(400, 401, 403, 404, 409, 415) },
});
const unbadgeRoute = route({
  method: "delete",
  path: "/communities/{slug}/badges/{id}",
  middleware: ownersOnly,
  summary: "Take a badge back (owners)",
  request: { params: z.extend(SlugParams, lazyFields({ id: () => z.string().check(z.maxLength(64)) })) },
  responses: { 204: { description: "Taken back" }, ...errorResponses(400, 401, 403, 404) },
});

export const honoursApi = createApiRouter()
  .openapi(boardRoute, async (c) => {
    const { deps, community, access } = await insiderAccess(c);
    c.header("Cache-Control", "private, no-store");
    return c.json(boardView(await leaderboard(deps.db, community, periodOf(c.req.valid("query").period), access.email)), 200);
  })
  .openapi(levelsRoute, async (c) => {
    const { deps, community } = await insiderAccess(c);
    return c.json(levelsView(await communityLevels(deps.db, community.id)), 200);
  })
  .openapi(saveLevelsRoute, async (c) => {
    const { community } = c.get("staff");
    return c.json(levelsView(await saveLevels(c.get("deps"), community.id, c.req.valid("json"))), 200);
  })
  .openapi(badgeRoute, async (c) => {
    const { community, viewer } = c.get("staff");
    const badge = await awardBadge(c.get("deps"), community.id, c.req.valid("json"), viewer.email);
    return c.json({ id: badge.id, name: badge.name, awardedAt: badge.awardedAt.toISOString() }, 201);
  })
  .openapi(unbadgeRoute, async (c) => {
    const { community } = c.get("staff");
    await removeBadge(c.get("deps").db, community.id, c.req.valid("param").id);
    return c.body(null, 204);
  });
