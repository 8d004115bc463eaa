/**
 * The members CSV in `npm run bench:pages`: a ready export at each size (for the download's row),
 * and one queue-consumer invocation writing one chunk (bench/pages.test.ts times it at both sizes).
 */
import { env } from "cloudflare:workers";
import { memberExports } from "../drizzle";
import type { Env } from "../src/env";
import { newId } from "../src/lib/ids";
import { enqueueTo } from "../src/lib/queue";
import { EXPORT_TTL_MS, requestMembersExport } from "../src/members/exports";
import type { D1Stats } from "../test/d1-counter";
import { tools } from "../test/helpers";
import { captureQueue, drainJobs } from "../test/jobs";
import type { BenchCommunity } from "./seed";

type Counter = { db: D1Database; reset(): D1Stats };

/** A finished export of every member, through the same path as the owner's click: written at once, or queued and drained. */
export async function readyExport(c: BenchCommunity, counter: Counter): Promise<{ id: string; invocations: (D1Stats & { ms: number })[]; drainMs: number }> {
  const queue = captureQueue();
  const exp = await requestMembersExport(tools().deps, env.FILES, c.community, "owner@example.com", {}, enqueueTo(queue));
  const invocations: (D1Stats & { ms: number })[] = [];
  counter.reset();
  const start = performance.now();
  let last = start;
  await drainJobs(queue, {
    env: { DB: counter.db } as Partial<Env>,
    batchSize: 1,
    afterBatch: () => {
      const now = performance.now();
      invocations.push({ ...counter.reset(), ms: now - last });
      last = now;
    },
  });
  return { id: exp.id, invocations, drainMs: performance.now() - start };
}

/** A fresh export waiting for its first chunk (as the owner's request leaves a large one). */
async function queuedExport(c: BenchCommunity): Promise<string> {
  const now = tools().deps.now();
  const id = newId("mexp");
  const base = { tierId: null, memberStatus: null, chunks: 0, rows: 0, bytes: 0, cursor: null, completedAt: null };
  await tools().deps.db.insert(memberExports).values({ ...base, id, communityId: c.community.id, requestedBy: "owner@example.com", status: "running", createdAt: now, updatedAt: now, expiresAt: new Date(now.getTime() + EXPORT_TTL_MS) });
  return id;
}

/** One consumer invocation: the message for a fresh export's first chunk, delivered alone (the next chunk's message is dropped). */
export function oneChunk(c: BenchCommunity, counter: Counter): () => Promise<void> {
  return async () => {
    const exportId = await queuedExport(c);
    counter.reset();
    const queue = captureQueue();
    queue.pending.push({ kind: "members-export", exportId, chunk: 0 });
    await drainJobs(queue, { env: { DB: counter.db } as Partial<Env>, batchSize: 1, afterBatch: () => queue.pending.splice(0) });
  };
}
