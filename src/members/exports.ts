import { and, desc, eq, inArray, lt, lte, sql } from "drizzle-orm";
import { memberExports, memberships, tiers, type Community, type MemberExport, type MembershipStatus } from "../../drizzle";
import type { Deps } from "../env";
import { AppError } from "../lib/errors";
import { newId } from "../lib/ids";
import type { Enqueue } from "../lib/queue";
import { membersCsvText } from "./csv";
import { membersPage } from "./queries";

/**
 * The members CSV, built into R2 in the background. The owner asks; a row records the export;
 * the queue writes it a chunk at a time (one keyset read of the next EXPORT_CHUNK_ROWS members
 * of the community, those matching the filters written as one R2 object), each chunk's message
 * queueing the next, so one consumer invocation reads the same bounded amount whatever the
 * community's size and nothing ever holds the whole community.
 * The download streams the chunks' objects in order. In a small community (it fits in one chunk)
 * the export is written while the owner waits, so their click downloads the file at once, as in any tool
 * they know; a larger one shows its progress on the exports page until its link appears.
 */

export interface MembersExportJob {
  kind: "members-export";
  exportId: string;
  /** The chunk this message writes: the export's `chunks` when it was sent. */
  chunk: number;
}

/** The list's filters an export keeps (matched in each chunk; the list's email search is for finding one person, not offered here). */
export interface ExportFilters {
  tierId?: string;
  status?: MembershipStatus;
}

/** Members per chunk: one keyset read of about 200 KB, one R2 object. */
export const EXPORT_CHUNK_ROWS = 1000;
/** Up to this many members in the community, the export is written during the request (one chunk, a small read). */
export const EXPORT_INLINE_MAX = 500;
/** How long a finished export can be downloaded; the cron deletes it (and its objects) after. */
export const EXPORT_TTL_MS = 7 * 86_400_000;
/** A running export that has not moved for this long lost its message; the cron sends it again. */
const STALLED_MS = 10 * 60_000;
/** Exports the cron expires or resumes per run: each costs a couple of R2 calls. */
const CRON_EXPORTS = 20;

const prefixOf = (exportId: string) => `member-exports/${exportId}/`;
const keyOf = (exportId: string, chunk: number) => `${prefixOf(exportId)}${String(chunk).padStart(6, "0")}.csv`;

/**
 * Records an export of the community's members (with the list's filters) and starts it: written
 * now when it fits in one chunk, else queued. A tier that is not the community's is a 400.
 */
export async function requestMembersExport(
  deps: Deps,
  files: R2Bucket,
  community: Community,
  requestedBy: string,
  filters: ExportFilters,
  enqueue: Enqueue<MembersExportJob>,
): Promise<MemberExport> {
  const db = deps.db;
  // Ids only, on the index the export pages by: a capped probe, not a count of the community.
  const probe = db.select({ id: memberships.id }).from(memberships).where(eq(memberships.communityId, community.id)).limit(EXPORT_INLINE_MAX + 1);
  const tier = db.select({ id: tiers.id }).from(tiers).where(and(eq(tiers.id, filters.tierId ?? ""), eq(tiers.communityId, community.id)));
  const [found, tierRows] = filters.tierId ? await db.batch([probe, tier]) : [await probe, [{ id: "" }]];
  if (!tierRows.length) throw AppError.validation([{ field: "tierId", message: "Choose one of the community's tiers" }]);
  const now = deps.now();
  const row: MemberExport = {
    id: newId("mexp"),
    communityId: community.id,
    requestedBy,
    tierId: filters.tierId ?? null,
    memberStatus: filters.status ?? null,
    status: "running",
    chunks: 0,
    rows: 0,
    bytes: 0,
    cursor: null,
    createdAt: now,
    updatedAt: now,
    completedAt: null,
    expiresAt: new Date(now.getTime() + EXPORT_TTL_MS),
  };
  await db.insert(memberExports).values(row);
  if (found.length <= EXPORT_INLINE_MAX) return (await writeChunk(deps, files, row)) ?? row;
  await enqueue([{ kind: "members-export", exportId: row.id, chunk: 0 }]);
  return row;
}

/** The queue consumer's part: writes the chunk the message names, then queues the next. Returns the rows written. */
export async function runMembersExportJob(deps: Deps, files: R2Bucket, job: MembersExportJob, enqueue: Enqueue<MembersExportJob>): Promise<number> {
  const exp = await deps.db.select().from(memberExports).where(eq(memberExports.id, job.exportId)).get();
  // Expired, finished, or this chunk already recorded by an earlier delivery: nothing to do.
  if (!exp || exp.status !== "running" || exp.chunks !== job.chunk) return 0;
  const updated = await writeChunk(deps, files, exp);
  if (updated?.status === "running") await enqueue([{ kind: "members-export", exportId: exp.id, chunk: updated.chunks }]);
  return updated ? updated.rows - exp.rows : 0;
}

/**
 * Writes chunk `exp.chunks` and records it, only if the row still says that chunk is next (so a
 * second delivery that got this far records nothing). An object left by an attempt that failed
 * before recording is used as it is: its rows are the chunk's, and its cursor says where the next
 * begins, so a chunk's rows are never counted or written twice. Returns the row as recorded, or
 * null when another delivery recorded this chunk first.
 */
async function writeChunk(deps: Deps, files: R2Bucket, exp: MemberExport): Promise<MemberExport | null> {
  const n = exp.chunks;
  const key = keyOf(exp.id, n);
  const earlier = (await files.head(key))?.customMetadata;
  let chunk: { rows: number; bytes: number; next: string | null };
  if (earlier?.rows !== undefined) {
    chunk = { rows: Number(earlier.rows), bytes: Number(earlier.bytes), next: earlier.next || null };
  } else {
    // The next 1,000 of the community's members, filtered here rather than in SQL: a chunk then
    // reads the same rows whatever the filter, and no tier's few members cost a walk of the rest.
    const page = await membersPage(deps.db, exp.communityId, { cursor: exp.cursor ?? undefined }, EXPORT_CHUNK_ROWS);
    const rows = page.items.filter(({ membership: m }) => (!exp.tierId || m.tierId === exp.tierId) && (!exp.memberStatus || m.status === exp.memberStatus));
    const body = new TextEncoder().encode(membersCsvText(rows, n === 0));
    chunk = { rows: rows.length, bytes: body.byteLength, next: page.nextCursor };
    const customMetadata = { rows: String(chunk.rows), bytes: String(chunk.bytes), next: chunk.next ?? "" };
    await files.put(key, body, { httpMetadata: { contentType: "text/csv; charset=utf-8" }, customMetadata });
  }
  const now = deps.now();
  const done = chunk.next === null;
  const [updated] = await deps.db
    .update(memberExports)
    .set({
      chunks: n + 1,
      rows: sql`${memberExports.rows} + ${chunk.rows}`,
      bytes: sql`${memberExports.bytes} + ${chunk.bytes}`,
      cursor: chunk.next,
      status: done ? "ready" : "running",
      completedAt: done ? now : null,
      updatedAt: now,
    })
    .where(and(eq(memberExports.id, exp.id), eq(memberExports.chunks, n)))
    .returning();
  return updated ?? null;
}

/** An export of this community (404 for another community's, so ids reveal nothing). */
export async function getMembersExport(db: Deps["db"], communityId: string, id: string): Promise<MemberExport> {
  const row = await db.select().from(memberExports).where(and(eq(memberExports.id, id), eq(memberExports.communityId, communityId))).get();
  if (!row) throw AppError.notFound("Export");
  return row;
}

/** The community's exports of the last week, newest first. */
export async function listMembersExports(db: Deps["db"], communityId: string): Promise<MemberExport[]> {
  return db.select().from(memberExports).where(eq(memberExports.communityId, communityId)).orderBy(desc(memberExports.createdAt)).limit(20);
}

/**
 * A finished export's file: its chunks' objects in order, one object in memory at a time.
 * Rights are the caller's to check (owners of the export's community), on every download.
 */
export function membersExportDownload(files: R2Bucket, exp: MemberExport): ReadableStream<Uint8Array> {
  if (exp.status !== "ready") throw AppError.conflict("This export is still being written; check again in a moment");
  let next = 0;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const object = await files.get(keyOf(exp.id, next));
        if (!object) return controller.error(new Error(`members export ${exp.id} has no chunk ${next}`));
        controller.enqueue(new Uint8Array(await object.arrayBuffer()));
        if (++next >= exp.chunks) controller.close();
      },
    },
    { highWaterMark: 0 },
  );
}

/** The cron: deletes exports past their week with their objects. Objects go first, so a failure leaves the row to try again. */
export async function expireMembersExports(deps: Deps, files: R2Bucket): Promise<number> {
  const due = await deps.db.select({ id: memberExports.id }).from(memberExports).where(lte(memberExports.expiresAt, deps.now())).limit(CRON_EXPORTS);
  for (const { id } of due) {
    let listed: R2Objects | undefined;
    do {
      listed = await files.list({ prefix: prefixOf(id), cursor: listed?.truncated ? listed.cursor : undefined });
      if (listed.objects.length) await files.delete(listed.objects.map((o) => o.key));
    } while (listed.truncated);
  }
  if (due.length) await deps.db.delete(memberExports).where(inArray(memberExports.id, due.map((d) => d.id)));
  return due.length;
}

/** The cron: a running export whose next message was lost (a failure after its chunk was recorded) is queued again. */
export async function resumeStalledExports(deps: Deps, enqueue: Enqueue<MembersExportJob>): Promise<number> {
  const before = new Date(deps.now().getTime() - STALLED_MS);
  const stalled = await deps.db
    .select({ id: memberExports.id, chunks: memberExports.chunks })
    .from(memberExports)
    .where(and(eq(memberExports.status, "running"), lt(memberExports.updatedAt, before)))
    .limit(CRON_EXPORTS);
  await enqueue(stalled.map((e) => ({ kind: "members-export" as const, exportId: e.id, chunk: e.chunks })));
  return stalled.length;
}
