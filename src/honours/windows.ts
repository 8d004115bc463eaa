import { and, eq, lt, or, sql } from "drizzle-orm";
import { honourWindows, memberPoints, pointDays } from "../../drizzle";
import type { Deps } from "../env";
import type { Enqueue } from "../lib/queue";
import { dayOf } from "./points";

/**
 * The rolling 7- and 30-day points. Awards add to both sums as they are written (triggers); this
 * daily job takes out the days that have left each window, so a leaderboard reads the sums by
 * index instead of adding up days per request. Per community and window, one batch subtracts
 * everything between the window's old edge and its new one and moves the edge, on the condition
 * that the edge is still where it was read: a job that runs twice, or late, subtracts each day
 * once, and a missed day is caught up by the next run.
 */

export interface HonourWindowsJob {
  kind: "honour-windows";
  communityId: string;
}

const WINDOWS = [
  { days: 7, edge: sql.raw("through_7d"), sum: sql.raw("points_7d") },
  { days: 30, edge: sql.raw("through_30d"), sum: sql.raw("points_30d") },
] as const;

/** At most this many communities queued per cron run; the rest wait for the next run. */
const COMMUNITIES_PER_RUN = 100;

/** The cron's part: communities with a window edge behind today. */
export async function enqueueHonourWindows(deps: Pick<Deps, "db" | "now">, enqueue: Enqueue<HonourWindowsJob>): Promise<number> {
  const today = dayOf(deps.now());
  const due = await deps.db
    .select({ communityId: honourWindows.communityId })
    .from(honourWindows)
    .where(or(lt(honourWindows.through7d, today - 7), lt(honourWindows.through30d, today - 30)))
    .limit(COMMUNITIES_PER_RUN);
  await enqueue(due.map((d) => ({ kind: "honour-windows", communityId: d.communityId })));
  return due.length;
}

/** Moves one community's windows up to today. Returns how many windows moved. */
export async function runHonourWindowsJob(deps: Pick<Deps, "db" | "now">, job: Pick<HonourWindowsJob, "communityId">): Promise<number> {
  const db = deps.db;
  const today = dayOf(deps.now());
  const row = await db.select().from(honourWindows).where(eq(honourWindows.communityId, job.communityId)).get();
  if (!row) return 0;
  let moved = 0;
  for (const w of WINDOWS) {
    const from = w.days === 7 ? row.through7d : row.through30d;
    const to = today - w.days;
    if (from >= to) continue;
    const unmoved = sql`(select ${w.edge} from ${honourWindows} where community_id = ${job.communityId}) = ${from}`;
    const edge = w.days === 7 ? honourWindows.through7d : honourWindows.through30d;
    await db.batch([
      db
        .update(memberPoints)
        .set(w.days === 7 ? { points7d: sql`${w.sum} - d.s` } : { points30d: sql`${w.sum} - d.s` })
        .from(sql`(select email, sum(points) as s from ${pointDays} where community_id = ${job.communityId} and day > ${from} and day <= ${to} group by email) as d`)
        .where(and(eq(memberPoints.communityId, job.communityId), sql`${memberPoints.email} = d.email`, unmoved)),
      db.update(honourWindows).set(w.days === 7 ? { through7d: to } : { through30d: to }).where(and(eq(honourWindows.communityId, job.communityId), eq(edge, from))),
    ]);
    moved += 1;
  }
  return moved;
}
