import type { Platform } from "./app-env";
import { warnExpiringHolds, resyncLapsedHolds } from "./applications/holds";
import { retryPendingMoneyActions } from "./applications/money";
import { expireSeatHolds } from "./memberships/join";
import { expireOffers } from "./memberships/waitlist";
import { applyDueMigrations } from "./tiers/service";
import { notifyUnlockedDrops, publishDueDrops } from "./content/notify";
import { autoPromote, refundStoppedExperiments, snapshotExperiments, updateBanditWeights } from "./experiments/cron";
import type { Env } from "./env";
import { buildDeps } from "./lib/deps";
import { pruneRateLimits } from "./lib/rate-limit";

/** The cron trigger: every job is idempotent, so a missed or doubled run is harmless. */
export async function runScheduled(env: Env, platform: Platform, now: Date): Promise<Record<string, number>> {
  const deps = { ...buildDeps(env, platform), now: () => now };
  const report: Record<string, number> = {};
  const jobs: [string, () => Promise<number>][] = [
    ["moneyRetried", () => retryPendingMoneyActions(deps)],
    ["holdsWarned", () => warnExpiringHolds(deps)],
    ["holdsResynced", () => resyncLapsedHolds(deps)],
    ["seatHoldsExpired", () => expireSeatHolds(deps)],
    ["offersExpired", () => expireOffers(deps)],
    ["priceMigrations", () => applyDueMigrations(deps)],
    // Publish first, so a drop due now is emailed in the same run.
    ["dropsPublished", () => publishDueDrops(deps)],
    ["dropEmails", () => notifyUnlockedDrops(deps)],
    // Auto-promotion first: it takes the day's snapshot as its once-a-day claim; the bandit
    // then reads the same snapshot; refunds follow any test that just ended.
    ["experimentsEnded", () => autoPromote(deps)],
    ["experimentSnapshots", () => snapshotExperiments(deps)],
    ["banditWeights", () => updateBanditWeights(deps)],
    ["experimentRefunds", () => refundStoppedExperiments(deps)],
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
  return report;
}
