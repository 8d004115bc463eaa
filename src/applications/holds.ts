import { and, eq, isNull, lte, inArray } from "drizzle-orm";
import { applications } from "../../drizzle";
import { getCommunityById, ownerEmails } from "../communities/service";
import type { Deps } from "../env";
import { formatDateTime, formatMoney } from "../ui/format";
import { syncApplicationPayment } from "./payments";

/**
 * Warns owners once per application when a card hold will lapse within the warning window,
 * while it can still be captured by approving. The claim (hold_warned_at) is set first, so a
 * doubled cron run sends one email.
 */
export async function warnExpiringHolds(deps: Deps): Promise<number> {
  const now = deps.now();
  const horizon = new Date(now.getTime() + deps.config.holdWarningHours * 3_600_000);
  const due = await deps.db.query.applications.findMany({
    where: and(
      eq(applications.paymentStatus, "held"),
      inArray(applications.status, ["under_review", "waitlisted"]),
      isNull(applications.holdWarnedAt),
      lte(applications.holdExpiresAt, horizon),
    ),
    limit: 100,
  });
  let sent = 0;
  for (const app of due) {
    const [claimed] = await deps.db
      .update(applications)
      .set({ holdWarnedAt: now })
      .where(and(eq(applications.id, app.id), isNull(applications.holdWarnedAt)))
      .returning({ id: applications.id });
    if (!claimed) continue;
    const community = await getCommunityById(deps.db, app.communityId);
    const link = `${deps.config.appUrl}/c/${community.slug}/admin/applications/${app.id}`;
    for (const to of await ownerEmails(deps.db, community.id)) {
      await deps.mailer.send({
        to,
        kind: "hold_expiring",
        subject: `Decide soon: ${app.name}'s card hold expires ${formatDateTime(app.holdExpiresAt)}`,
        text: `The ${formatMoney(app.feeAmount, app.currency)} hold on ${app.name}'s card for ${community.name} expires at ${formatDateTime(app.holdExpiresAt)}.\nApprove before then to capture it; after that the applicant has to authorize again.\n\n${link}`,
      });
    }
    sent++;
  }
  return sent;
}

/** Holds past their lapse time are re-read from Stripe, in case the cancellation event was missed. */
export async function resyncLapsedHolds(deps: Deps): Promise<number> {
  const lapsed = await deps.db.query.applications.findMany({
    where: and(eq(applications.paymentStatus, "held"), lte(applications.holdExpiresAt, deps.now())),
    limit: 50,
  });
  for (const app of lapsed) await syncApplicationPayment(deps, app);
  return lapsed.length;
}
