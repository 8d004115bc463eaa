/**
 * Background work goes through a Cloudflare Queue. Features describe their jobs as plain
 * messages and hand them to an `Enqueue`; src/jobs.ts routes each delivered message back to the
 * feature that owns it. A queue's sendBatch takes at most 100 messages, so larger fan-outs are
 * sent in slices.
 */
export type Enqueue<J> = (jobs: J[]) => Promise<void>;

const SEND_BATCH_MAX = 100;

export function enqueueTo<J>(queue: Queue<J>): Enqueue<J> {
  return async (jobs) => {
    for (let i = 0; i < jobs.length; i += SEND_BATCH_MAX) {
      await queue.sendBatch(jobs.slice(i, i + SEND_BATCH_MAX).map((body) => ({ body })));
    }
  };
}
