import type { Platform } from "./app-env";
import { forgetPublicConfigs } from "./experiments/config-cache";
import { warnExpiringHolds, resyncLapsedHolds } from "./applications/holds";
import { retryPendingMoneyActions } from "./applications/money";
import { expireSeatHolds } from "./memberships/join";
import { expireOffers } from "./memberships/waitlist";
import { applyDueMigrations } from "./tiers/service";
import { enqueueDropNotifications, publishDueDrops } from "./content/notify";
import { enqueueExperimentJobs } from "./experiments/jobs";
import type { Env } from "./env";
import { buildDeps } from "./lib/deps";
import { pruneRateLimits } from "./lib/rate-limit";
import { enqueueTo } from "./lib/queue";
import { enqueueActivityDigests } from "./notifications/digest";
import { claimClosedPolls } from "./notifications/polls";
import { enqueueEventReminders } from "./events/reminders";
import { releaseLapsedHolds } from "./events/tickets";
import { enqueueInsightJobs } from "./insights/jobs";
import { enqueueHonourWindows } from "./honours/windows";
import { enqueueDueGroups } from "./groups/settle";
import { enqueueGiftWork } from "./gifts/lifecycle";
import { expireMembersExports, resumeStalledExports } from "./members/exports";

/**
 * The cron trigger: every job is idempotent, so a missed or doubled run is harmless. Each job
 * finds what is due with an indexed, LIMITed query; work that grows with a community (emails to
 * its members) is queued on JOBS and done by the consumer (src/jobs.ts), a page at a time.
 */
export async function runScheduled(env: Env, platform: Platform, now: Date): Promise<Record<string, number>> {
  const deps = { ...buildDeps(env, platform), now: () => now };
  const enqueue = enqueueTo(env.JOBS);
  const report: Record<string, number> = {};
  const jobs: [string, () => Promise<number>][] = [
    ["moneyRetried", () => retryPendingMoneyActions(deps)],
    ["holdsWarned", () => warnExpiringHolds(deps)],
    ["holdsResynced", () => resyncLapsedHolds(deps)],
    ["seatHoldsExpired", () => expireSeatHolds(deps)],
    ["offersExpired", () => expireOffers(deps)],
    ["priceMigrations", () => applyDueMigrations(deps)],
    // Publish first, so a drop due now is queued for email in the same run.
    ["dropsPublished", () => publishDueDrops(deps)],
    ["dropJobs", () => enqueueDropNotifications(deps, enqueue)],
    // One message per experiment with work due (its day, or its refunds); the consumer analyses it.
    ["experimentJobs", () => enqueueExperimentJobs(deps, enqueue)],
    ["pollsClosed", () => claimClosedPolls(deps, enqueue)],
    ["groupsDue", () => enqueueDueGroups(deps, enqueue)],
    ["giftsEnding", () => enqueueGiftWork(deps, enqueue)],
    ["activityDigests", () => enqueueActivityDigests(deps, enqueue)],
    ["eventReminders", () => enqueueEventReminders(deps, enqueue)],
    ["eventHoldsReleased", () => releaseLapsedHolds(deps)],
    // One message per community whose rollups are behind; the consumer chains the catch-up.
    ["insightJobs", () => enqueueInsightJobs(deps, enqueue)],
    ["honourWindows", () => enqueueHonourWindows(deps, enqueue)],
    // Members CSV exports: deleted (with their R2 objects) after a week; one whose message was lost goes again.
    ["memberExportsExpired", () => expireMembersExports(deps, env.FILES)],
    ["memberExportsResumed", () => resumeStalledExports(deps, enqueue)],
    ["rateLimitsPruned", () => pruneRateLimits(deps)],
  ];
  for (const [name, job] of jobs) {
    try {
      report[name] = await job();
    } catch (e) {
      console.error("scheduled job failed", name, e);
      report[name] = -1;
    }
  }
  // Price migrations and offers may have changed what a landing page shows.
  forgetPublicConfigs();
  return report;
}
