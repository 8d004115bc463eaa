import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import { communities, insightProgress } from "../../drizzle";
import type { Deps } from "../env";
import { batchAll, CRON_BATCH } from "../lib/db";
import type { Enqueue } from "../lib/queue";
import { addDays, dayOf } from "./days";
import { runBatch } from "./batch";
import { ledgerBackfill } from "./ledger";
import { nextRange } from "./ranges";
import { finishChunk, historyStart } from "./rollup";
import { addShares, clearShares, rollUpMembers, savedShares, saveShares } from "./rollup-members";

/**
 * The cron side of insights. `enqueueInsightJobs` finds communities whose rollups stop before
 * yesterday (or that were never rolled up) and queues one message each. The consumer works on
 * one chunk of CHUNK_DAYS days at a time, in steps: each message rolls up the chunk for the
 * next range of members (src/insights/ranges.ts) and keeps that range's share; the step of the
 * last range adds the shares up, writes the chunk's figures and moves `rolled_through` on. While
 * anything is left, a step queues the next one itself. So a first run backfills the whole
 * history, and a missed day or week is caught up, with every message reading a bounded number
 * of rows whatever the community's size.
 *
 * Each message names the step it is for (`step`), and a step that is no longer the community's
 * next one (a redelivered copy) does nothing, so a duplicate never forks the chain. A lease
 * (`queued_at`) keeps the cron from queuing a second chain while one runs; if a message is lost,
 * the lease lapses and the cron queues the community again, which carries on where it stood.
 */

export type InsightsJob = { kind: "insights-rollup"; communityId: string; at: number; step?: string };

// A range's step reads its members' rows for the chunk's days; with a range of 2,000 members a
// chunk of two weeks stays well under 1 MB a step (npm run bench:insights).
export const CHUNK_DAYS = 14;
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

type Progress = { rolledThrough: string | null; chunkFrom: string | null; chunkTo: string | null; cursor: string | null } | undefined;

/** The community's next step, as a message names it: a range of a chunk under way, or the chunk after `rolled_through`. */
export function stepOf(p: Progress): string {
  return p?.chunkFrom ? `${p.chunkFrom}..${p.chunkTo}>${p.cursor ?? ""}` : `after ${p?.rolledThrough ?? ""}`;
}

/** The consumer's side: one step (one member range of one chunk), then the next message if anything is left. */
export async function runInsightsJob(deps: Pick<Deps, "db" | "now">, job: InsightsJob, enqueue: Enqueue<InsightsJob>, membersPerRange?: number): Promise<number> {
  const db = deps.db;
  const { communityId } = job;
  const through = lastCompleteDay(job.at);
  const progress = await db.query.insightProgress.findFirst({ where: eq(insightProgress.communityId, communityId) });
  const exists = await db.query.communities.findFirst({ where: eq(communities.id, communityId), columns: { id: true } });
  if (!exists || (job.step !== undefined && job.step !== stepOf(progress))) return 0;
  if (!progress?.rolledThrough && !progress?.chunkFrom) await runBatch(db, ledgerBackfill(communityId));
  let chunk = progress?.chunkFrom ? { from: progress.chunkFrom, to: progress.chunkTo!, after: progress.cursor ?? "" } : null;
  if (!chunk) {
    // One day again: activity and webhooks may land after a day was first rolled up.
    const from = progress?.rolledThrough ? addDays(progress.rolledThrough, -1) : await historyStart(db, communityId);
    if (from > through) {
      await leaseStatement(db, communityId, null);
      return 0;
    }
    chunk = { from, to: [addDays(from, CHUNK_DAYS - 1), through].sort()[0]!, after: "" };
  }
  const range = await nextRange(db, communityId, chunk.after, membersPerRange);
  const shares = await rollUpMembers(db, communityId, chunk.from, chunk.to, range);
  if (range.upto !== null) {
    const next = { rolledThrough: progress?.rolledThrough ?? null, chunkFrom: chunk.from, chunkTo: chunk.to, cursor: range.upto };
    await runBatch(db, [saveShares(db, communityId, chunk.from, chunk.to, range.after, shares), progressStatement(db, communityId, { ...next, queuedAt: deps.now() })]);
    await enqueue([{ ...job, step: stepOf(next) }]);
    return 1;
  }
  const all = addShares([...(await savedShares(db, communityId, chunk.from, chunk.to)), shares]);
  const more = chunk.to < through;
  const done = { rolledThrough: [progress?.rolledThrough ?? "", chunk.to].sort()[1]!, chunkFrom: null, chunkTo: null, cursor: null };
  await runBatch(db, [...(await finishChunk(db, communityId, chunk.from, chunk.to, all)), clearShares(communityId), progressStatement(db, communityId, { ...done, queuedAt: more ? deps.now() : null })]);
  if (more) await enqueue([{ ...job, step: stepOf(done) }]);
  return 1;
}

function progressStatement(db: Deps["db"], communityId: string, values: Omit<typeof insightProgress.$inferInsert, "communityId">) {
  return db
    .insert(insightProgress)
    .values({ communityId, ...values })
    .onConflictDoUpdate({ target: insightProgress.communityId, set: values });
}
