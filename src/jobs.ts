import type { Platform } from "./app-env";
import { forgetPublicConfigs } from "./experiments/config-cache";
import { runDropFanoutJob, runDropNotifyJob, type DropJob } from "./content/notify";
import { runExperimentJob, type ExperimentJob, type ExperimentJobReport } from "./experiments/jobs";
import type { Env } from "./env";
import { buildDeps } from "./lib/deps";
import { enqueueTo } from "./lib/queue";
import { runActivityDigestJob, type ActivityDigestJob } from "./notifications/digest";
import { runPollClosedJob, type PollClosedJob } from "./notifications/polls";
import { runPostWrittenJob, type PostWrittenPage } from "./notifications/post-written";
import { runEventReminderJob, type EventReminderJob } from "./events/reminders";
import { runEventCancelledJob, type EventCancelledJob } from "./events/cancel";
import { runInsightsJob, type InsightsJob } from "./insights/jobs";
import { runLevelUpJob, type LevelUpJob } from "./honours/level-up";
import { runHonourWindowsJob, type HonourWindowsJob } from "./honours/windows";
import { runGroupDeadlineJob, type GroupDeadlineJob } from "./groups/settle";
import { runGiftEndedJob, type GiftEndedJob } from "./gifts/lifecycle";
import { runMembersExportJob, type MembersExportJob } from "./members/exports";

/**
 * The queue consumer: the cron (src/scheduled.ts) finds what is due and queues it; each message
 * lands here and goes to the feature that owns its kind. Every job is idempotent (it claims
 * before it sends), so a redelivered message is harmless. A job that throws is retried with a
 * delay, and after the queue's max_retries it goes to the dead-letter queue (wrangler.toml).
 */

export type Job = DropJob | ExperimentJob | PostWrittenPage | PollClosedJob | ActivityDigestJob | EventReminderJob | EventCancelledJob | InsightsJob | LevelUpJob | HonourWindowsJob | GroupDeadlineJob | GiftEndedJob | MembersExportJob;

export interface JobsReport extends ExperimentJobReport {
  /** Emails sent by drop notifications. */
  dropEmails: number;
  /** Emails sent by activity notifications (each, and daily digests). */
  notificationEmails: number;
  retried: number;
}

const RETRY_DELAY_SECONDS = 60;

export async function runJobs(batch: MessageBatch<Job>, env: Env, platform: Platform): Promise<JobsReport> {
  const deps = buildDeps(env, platform);
  const enqueue = enqueueTo(env.JOBS);
  const report: JobsReport = { dropEmails: 0, notificationEmails: 0, retried: 0, experimentsEnded: 0, experimentSnapshots: 0, banditWeights: 0, experimentRefunds: 0 };
  for (const message of batch.messages) {
    try {
      const job = message.body;
      switch (job.kind) {
        case "drop-fanout":
          await runDropFanoutJob(deps, job, enqueue);
          break;
        case "drop-notify":
          report.dropEmails += await runDropNotifyJob(deps, job, enqueue);
          break;
        case "post-written":
          report.notificationEmails += await runPostWrittenJob(deps, job, enqueue);
          break;
        case "poll-closed":
          report.notificationEmails += await runPollClosedJob(deps, job, enqueue);
          break;
        case "level-up":
          report.notificationEmails += await runLevelUpJob(deps, job);
          break;
        case "honour-windows":
          await runHonourWindowsJob(deps, job);
          break;
        case "activity-digest":
          report.notificationEmails += await runActivityDigestJob(deps, job);
          break;
        case "event-reminders":
          report.notificationEmails += await runEventReminderJob(deps, job, enqueue);
          break;
        case "event-cancelled":
          report.notificationEmails += await runEventCancelledJob(deps, job, enqueue);
          break;
        case "insights-rollup":
          await runInsightsJob(deps, job, enqueue);
          break;
        case "group-deadline":
          await runGroupDeadlineJob(deps, job);
          break;
        case "gift-ended":
          await runGiftEndedJob(deps, job);
          break;
        case "members-export":
          await runMembersExportJob(deps, env.FILES, job, enqueue);
          break;
        case "experiment-day":
        case "experiment-refund":
          await runExperimentJob(deps, job, report);
          break;
        default:
          // A kind this version does not know (an older or newer deploy's message): nothing to do.
          console.error("unknown job kind", (job as { kind?: unknown }).kind);
      }
      message.ack();
    } catch (e) {
      console.error("job failed", message.id, e);
      report.retried += 1;
      message.retry({ delaySeconds: RETRY_DELAY_SECONDS });
    }
  }
  // An experiment stopped by its rule (or a bandit's new weights) changes what a landing page shows.
  forgetPublicConfigs();
  return report;
}
