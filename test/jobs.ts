import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { devPlatform } from "../src/dev";
import { devClock } from "../src/dev/clock";
import type { Env } from "../src/env";
import { runJobs, type Job } from "../src/jobs";
import { runScheduled } from "../src/scheduled";

/**
 * The cron and the queue, under the test's control. The cron's JOBS producer is swapped for one
 * that keeps what is sent; `drainJobs` then delivers it to the real consumer (src/jobs.ts) in
 * batches of the size wrangler.toml sets, as workerd's MessageBatch, and redelivers whatever
 * the consumer asked to retry. (test/content/queue.test.ts shows the real queue binding too.)
 */

export type CapturedQueue = Queue<Job> & { pending: Job[] };

export function captureQueue(): CapturedQueue {
  const pending: Job[] = [];
  return {
    pending,
    async send(body: Job) {
      pending.push(body);
    },
    async sendBatch(messages: Iterable<MessageSendRequest<Job>>) {
      for (const m of messages) pending.push(m.body);
    },
  } as unknown as CapturedQueue;
}

export interface DrainOptions {
  /** Bindings to use instead of the test's (a counting D1, say). */
  env?: Partial<Env>;
  batchSize?: number;
  /** Deliver every message this many times (a queue delivers at least once). */
  deliveries?: number;
  /** Called after each consumer invocation (one batch), e.g. to read and reset a query counter. */
  afterBatch?: () => void;
}

export interface Drained {
  dropEmails: number;
  experimentsEnded: number;
  experimentSnapshots: number;
  banditWeights: number;
  experimentRefunds: number;
  /** Messages the consumer asked to retry (they were redelivered). */
  retried: number;
  batches: number;
  messages: number;
}

let seq = 0;
const MAX_ATTEMPTS = 5;

export async function drainJobs(queue: CapturedQueue, opts: DrainOptions = {}): Promise<Drained> {
  const bindings = { ...env, ...opts.env, JOBS: queue } as Env;
  const out: Drained = { dropEmails: 0, experimentsEnded: 0, experimentSnapshots: 0, banditWeights: 0, experimentRefunds: 0, retried: 0, batches: 0, messages: 0 };
  const attempts = new Map<Job, number>();
  while (queue.pending.length) {
    const bodies = queue.pending.splice(0, opts.batchSize ?? 4);
    for (let copy = 0; copy < (opts.deliveries ?? 1); copy++) {
      const messages = bodies.map((body) => ({ id: `msg-${++seq}`, timestamp: new Date(), attempts: attempts.get(body) ?? 1, body }));
      const batch = createMessageBatch<Job>("threshold-dev-jobs", messages);
      const report = await runJobs(batch, bindings, devPlatform);
      opts.afterBatch?.();
      const result = await getQueueResult(batch, createExecutionContext());
      for (const key of ["dropEmails", "experimentsEnded", "experimentSnapshots", "banditWeights", "experimentRefunds"] as const) out[key] += report[key];
      out.retried += result.retryMessages.length;
      out.batches += 1;
      out.messages += messages.length;
      for (const id of (result.retryMessages as { msgId: string }[]).map((r) => r.msgId)) {
        const body = messages.find((m) => m.id === id)!.body;
        const tries = (attempts.get(body) ?? 1) + 1;
        if (tries > MAX_ATTEMPTS) throw new Error(`job failed ${MAX_ATTEMPTS} times: ${JSON.stringify(body)}`);
        attempts.set(body, tries);
        queue.pending.push(body);
      }
    }
  }
  return out;
}

/**
 * One cron run and everything it queued, drained: the report of the cron's jobs plus what the
 * consumer did for them (`dropEmails`, `experimentsEnded`, `experimentSnapshots`,
 * `banditWeights`, `experimentRefunds`), `jobMessages` and `jobRetries`.
 */
export async function runCron(now: Date = devClock.now(), opts: DrainOptions & { afterCron?: () => void } = {}): Promise<Record<string, number>> {
  const queue = captureQueue();
  const report = await runScheduled({ ...env, ...opts.env, JOBS: queue } as Env, devPlatform, now);
  opts.afterCron?.();
  const drained = await drainJobs(queue, opts);
  const { batches: _b, messages, retried, ...done } = drained;
  return { ...report, ...done, jobMessages: messages, jobRetries: retried };
}
