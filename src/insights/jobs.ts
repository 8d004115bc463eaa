import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import { communities, insightProgress } from "../../drizzle";
import type { Deps } from "../env";
import { batchAll, CRON_BATCH } from "../lib/db";
import type { Enqueue } from "../lib/queue";
import { addDays, dayOf } from "./days";
import { runBatch } from "./batch";
import { ledgerBackfill } from "./ledger";
import { historyStart, rollUpRange } from "./rollup";

/**
 * The cron side of insights. `enqueueInsightJobs` finds communities whose rollups stop before
 * yesterday (or that were never rolled up) and queues one message each; the consumer rolls up
 * the next CHUNK_DAYS days and, while still behind, queues the next chunk itself. So a first
 * run backfills the whole history a bounded chunk per message, and a missed day or week is
 * caught up the same way. A lease (`queued_at`) keeps the cron from queuing a second chain
 * while one runs; if a message is lost, the lease lapses and the cron queues it again.
 */

export type InsightsJob = { kind: "insights-rollup"; communityId: string; at: number };

// A day's rollup reads what that day recorded for every member; at 20,000 members a 14-day
// chunk read 12.7 MB in one consumer invocation, so a chunk is 4 days (about 3.6 MB there).
export const CHUNK_DAYS = 4;
const LEASE_MS = 60 * 60_000;

/** The day before `now` (UTC): the last complete day. */
export const lastCompleteDay = (now: Date | number) => addDays(dayOf(now), -1);

export async function enqueueInsightJobs(deps: Pick<Deps, "db" | "now">, enqueue: Enqueue<InsightsJob>): Promise<number> {
  const now = deps.now();
  const db = deps.db;
  const leaseFree = or(isNull(insightProgress.queuedAt), lt(insightProgress.queuedAt, new Date(now.getTime() - LEASE_MS)));
  const [behind, never] = await db.batch([
    db
      .select({ id: insightProgress.communityId })
      .from(insightProgress)
      .where(and(or(isNull(insightProgress.rolledThrough), lt(insightProgress.rolledThrough, lastCompleteDay(now))), leaseFree))
      .limit(CRON_BATCH),
    db
      .select({ id: communities.id })
      .from(communities)
      .where(sql`not exists (select 1 from ${insightProgress} p where p.community_id = ${communities.id})`)
      .limit(CRON_BATCH),
  ]);
  const ids = [...new Set([...behind, ...never].map((r) => r.id))];
  if (!ids.length) return 0;
  await batchAll(db, ids.map((id) => leaseStatement(deps.db, id, now)));
  await enqueue(ids.map((communityId) => ({ kind: "insights-rollup" as const, communityId, at: now.getTime() })));
  return ids.length;
}

function leaseStatement(db: Deps["db"], communityId: string, at: Date | null) {
  return db
    .insert(insightProgress)
    .values({ communityId, queuedAt: at })
    .onConflictDoUpdate({ target: insightProgress.communityId, set: { queuedAt: at } });
}

/** The consumer's side: the next chunk of one community's days, then the next message if still behind. */
export async function runInsightsJob(deps: Pick<Deps, "db" | "now">, job: InsightsJob, enqueue: Enqueue<InsightsJob>): Promise<number> {
  const db = deps.db;
  const through = lastCompleteDay(job.at);
  const progress = await db.query.insightProgress.findFirst({ where: eq(insightProgress.communityId, job.communityId) });
  const exists = await db.query.communities.findFirst({ where: eq(communities.id, job.communityId), columns: { id: true } });
  if (!exists) return 0;
  if (!progress?.rolledThrough) await runBatch(db, ledgerBackfill(job.communityId));
  // One day again: activity and webhooks may land after a day was first rolled up.
  const from = progress?.rolledThrough ? addDays(progress.rolledThrough, -1) : await historyStart(db, job.communityId);
  if (from > through) {
    await leaseStatement(db, job.communityId, null);
    return 0;
  }
  const to = [addDays(from, CHUNK_DAYS - 1), through].sort()[0]!;
  await rollUpRange(db, job.communityId, from, to);
  const more = to < through;
  await db
    .insert(insightProgress)
    .values({ communityId: job.communityId, rolledThrough: to, queuedAt: more ? deps.now() : null })
    .onConflictDoUpdate({
      target: insightProgress.communityId,
      set: { rolledThrough: sql`max(coalesce(${insightProgress.rolledThrough}, ''), excluded.rolled_through)`, queuedAt: more ? deps.now() : null },
    });
  if (more) await enqueue([job]);
  return 1;
}
