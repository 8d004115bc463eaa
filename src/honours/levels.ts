import * as z from "zod/mini";
import "../lib/zod-messages";
import { and, eq, sql } from "drizzle-orm";
import { honourLevels, memberPoints, type HonourLevel } from "../../drizzle";
import type { Deps } from "../env";
import type { Db } from "../lib/db";
import { parseOrThrow } from "../lib/validation";
import { formatCount } from "../ui/format";
// Object schemas are built on first use (z.lazy), not while a new isolate starts: README, "Cold start".

/**
 * Levels: thresholds of all-time points, with names the owner chooses. Until an owner sets their
 * own, a community has Skool's nine (0, 5, 20, 65, 155, 515, 2,015, 8,015, 33,015 points). The
 * level each member's points reach is stored on `member_points` by the ledger's triggers, whose
 * SQL carries the same default thresholds (a test holds the two in step); saving levels
 * recomputes every member's level in the same batch.
 */

export interface Level {
  level: number;
  minPoints: number;
  name: string;
}

export const DEFAULT_LEVELS: readonly Level[] = [
  { level: 1, minPoints: 0, name: "Newcomer" },
  { level: 2, minPoints: 5, name: "Regular" },
  { level: 3, minPoints: 20, name: "Contributor" },
  { level: 4, minPoints: 65, name: "Helper" },
  { level: 5, minPoints: 155, name: "Guide" },
  { level: 6, minPoints: 515, name: "Mentor" },
  { level: 7, minPoints: 2015, name: "Leader" },
  { level: 8, minPoints: 8015, name: "Elder" },
  { level: 9, minPoints: 33015, name: "Legend" },
];

export const MAX_LEVELS = 10;
export const MAX_LEVEL_NAME = 40;
const MAX_POINTS = 10_000_000;

export const levelsInputSchema = z.lazy(() =>
  z.strictObject({
      levels: z.array(
          z.strictObject({
            minPoints: z.number().check(z.int("Whole points only"), z.gte(0, "Points cannot be negative"), z.lte(MAX_POINTS, `At most ${formatCount(MAX_POINTS)} points`)),
            name: z.string().check(z.trim(), z.minLength(1, "Give the level a name"), z.maxLength(MAX_LEVEL_NAME, `At most ${MAX_LEVEL_NAME} characters`)),
          }),
        ).check(z.minLength(2, "At least two levels"), z.maxLength(MAX_LEVELS, `At most ${MAX_LEVELS} levels`)),
    }).check(z.superRefine((input, ctx) => {
      const list = input.levels;
      if (list[0] && list[0].minPoints !== 0) ctx.addIssue({ code: "custom", path: ["levels", 0, "minPoints"], message: "Level 1 starts at 0 points" });
      for (let i = 1; i < list.length; i++) {
        if (list[i]!.minPoints <= list[i - 1]!.minPoints) ctx.addIssue({ code: "custom", path: ["levels", i, "minPoints"], message: `Must be more than level ${i}'s ${list[i - 1]!.minPoints} points` });
      }
    })).register(z.globalRegistry, { id: "LevelsInput" }),
);

export type LevelsInput = z.infer<typeof levelsInputSchema>;

export function levelsQuery(db: Db, communityId: string) {
  return db.select().from(honourLevels).where(eq(honourLevels.communityId, communityId)).orderBy(honourLevels.level);
}

/** The community's levels from `levelsQuery` rows: the owner's, else the defaults. */
export function levelsFrom(rows: HonourLevel[]): Level[] {
  return rows.length ? rows.map(({ level, minPoints, name }) => ({ level, minPoints, name })) : [...DEFAULT_LEVELS];
}

export async function communityLevels(db: Db, communityId: string): Promise<Level[]> {
  return levelsFrom(await levelsQuery(db, communityId));
}

/** The level `points` reach (the JavaScript twin of the triggers' SQL). */
export function levelFor(levels: readonly Level[], points: number): Level {
  let found = levels[0]!;
  for (const l of levels) if (points >= l.minPoints) found = l;
  return found;
}

/** "Level 3 · Contributor". */
export function levelTitle(levels: readonly Level[], level: number): string {
  const named = levels.find((l) => l.level === level);
  return named ? `Level ${level} · ${named.name}` : `Level ${level}`;
}

/**
 * Saves the owner's levels and moves every member to the level their points now reach, in one
 * batch. Members lifted by new thresholds are not sent a notice: `notified_level` follows, so
 * only points earned from here on announce a level.
 */
export async function saveLevels(deps: Pick<Deps, "db">, communityId: string, raw: unknown): Promise<Level[]> {
  const { levels } = parseOrThrow(levelsInputSchema, raw);
  const rows = levels.map((l, i) => ({ communityId, level: i + 1, minPoints: l.minPoints, name: l.name }));
  const db = deps.db;
  const reached = sql`coalesce((select max(l.level) from ${honourLevels} l where l.community_id = ${communityId} and l.min_points <= "member_points"."points"), 1)`;
  await db.batch([
    db.delete(honourLevels).where(eq(honourLevels.communityId, communityId)),
    db.insert(honourLevels).values(rows),
    db.update(memberPoints).set({ level: reached }).where(eq(memberPoints.communityId, communityId)),
    db
      .update(memberPoints)
      .set({ notifiedLevel: sql`max(${memberPoints.notifiedLevel}, ${memberPoints.level})` })
      .where(and(eq(memberPoints.communityId, communityId), sql`${memberPoints.level} > ${memberPoints.notifiedLevel}`)),
  ]);
  return rows.map(({ level, minPoints, name }) => ({ level, minPoints, name }));
}
