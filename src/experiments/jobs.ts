import { and, eq, isNull } from "drizzle-orm";
import { experiments, experimentSnapshots } from "../../drizzle";
import type { Deps } from "../env";
import type { Enqueue } from "../lib/queue";
import { utcDay } from "./assignment";
import { experimentDay, refundsStillDue } from "./cron";
import { refundToLowest } from "./refunds";

/**
 * The cron side of experiments. `enqueueExperimentJobs` only finds, in one round trip of
 * indexed, LIMITed id reads, which experiments have work due, and queues one message per
 * experiment: its day (judge, snapshot, bandit weights; src/experiments/cron.ts) or its refunds
 * down to the lowest tested price. The consumer (`runExperimentJob`) analyses that one
 * experiment, so one invocation's D1 queries and CPU follow the queue's batch size, not the
 * number of experiments. Every step is idempotent, so a redelivered message, an overlapping run
 * or a message queued twice by two runs before it was handled changes nothing twice.
 */

/** The day of one running experiment, judged at `at` (the cron run's time, in ms). */
export type ExperimentDayJob = { kind: "experiment-day"; experimentId: string; at: number };
/** Refunds down to the lowest tested price for one stopped experiment. */
export type ExperimentRefundJob = { kind: "experiment-refund"; experimentId: string; at: number };
export type ExperimentJob = ExperimentDayJob | ExperimentRefundJob;

/** Experiments queued per kind per run; the rest are found by the next run, 15 minutes later. */
const MAX_PER_RUN = 1000;

export interface ExperimentJobReport {
  experimentsEnded: number;
  experimentSnapshots: number;
  banditWeights: number;
  experimentRefunds: number;
}

/**
 * Queues what is due: running experiments without today's snapshot (judged or snapshotted
 * once a day), running bandits (their burn-in may end at any run), and stopped experiments still
 * refunding late conversions. Returns the number of messages queued.
 */
export async function enqueueExperimentJobs(deps: Pick<Deps, "db" | "now">, enqueue: Enqueue<ExperimentJob>): Promise<number> {
  const now = deps.now();
  const db = deps.db;
  const [withoutSnapshot, bandits, refunding] = await db.batch([
    db
      .select({ id: experiments.id })
      .from(experiments)
      .leftJoin(experimentSnapshots, and(eq(experimentSnapshots.experimentId, experiments.id), eq(experimentSnapshots.day, utcDay(now))))
      .where(and(eq(experiments.status, "running"), isNull(experimentSnapshots.experimentId)))
      .limit(MAX_PER_RUN),
    db
      .select({ id: experiments.id })
      .from(experiments)
      .where(and(eq(experiments.status, "running"), eq(experiments.mode, "bandit")))
      .limit(MAX_PER_RUN),
    db.select({ id: experiments.id }).from(experiments).where(refundsStillDue(now)).limit(MAX_PER_RUN),
  ]);
  const at = now.getTime();
  const days = [...new Set([...withoutSnapshot, ...bandits].map((r) => r.id))];
  const jobs: ExperimentJob[] = [
    ...days.map((experimentId) => ({ kind: "experiment-day" as const, experimentId, at })),
    ...refunding.map(({ id }) => ({ kind: "experiment-refund" as const, experimentId: id, at })),
  ];
  if (jobs.length) await enqueue(jobs);
  return jobs.length;
}

/** The consumer's side: one experiment's queued work, adding what it did to `report`. */
export async function runExperimentJob(deps: Deps, job: ExperimentJob, report: ExperimentJobReport): Promise<void> {
  const at = { ...deps, now: () => new Date(job.at) };
  if (job.kind === "experiment-refund") {
    report.experimentRefunds += (await refundToLowest(at, job.experimentId)).refunded;
    return;
  }
  const day = await experimentDay(at, job.experimentId, new Date(job.at));
  report.experimentsEnded += Number(day.ended);
  report.experimentSnapshots += Number(day.snapshot);
  report.banditWeights += Number(day.moved);
}
