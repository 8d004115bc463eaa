import { sql } from "drizzle-orm";
import { insightMembers, memberships, type Community } from "../../drizzle";
import type { Deps } from "../env";
import { AppError } from "../lib/errors";
import { addDays, dayOf } from "./days";
import { AT_RISK_SILENT_DAYS } from "./report";

/**
 * The owner's nudge to a member who went quiet: one short email, at most once per member. The
 * claim (setting `nudged_at` where it is still empty, for a live member silent for three weeks)
 * comes first, so a double click or two owners at once send one email.
 */
export async function nudgeMember(deps: Pick<Deps, "db" | "mailer" | "now" | "config">, community: Community, email: string): Promise<void> {
  const now = deps.now();
  const silentSince = addDays(dayOf(now), -AT_RISK_SILENT_DAYS);
  const claimed = await deps.db
    .update(insightMembers)
    .set({ nudgedAt: now })
    .where(
      sql`${insightMembers.communityId} = ${community.id} and ${insightMembers.email} = ${email} and ${insightMembers.nudgedAt} is null
        and ${insightMembers.lastActiveDay} <= ${silentSince}
        and exists (select 1 from ${memberships} m where m.community_id = ${community.id} and lower(m.email) = ${email} and m.status in ('trialing', 'active', 'past_due'))`,
    )
    .returning({ email: insightMembers.email });
  if (!claimed.length) {
    const row = await deps.db.query.insightMembers.findFirst({ where: (t, { and, eq }) => and(eq(t.communityId, community.id), eq(t.email, email)) });
    if (row?.nudgedAt) throw AppError.conflict("This member was already nudged");
    throw AppError.conflict("This member is not at risk: they are not a member, or were active in the last three weeks");
  }
  const home = `${deps.config.appUrl}/c/${community.slug}/home`;
  await deps.mailer.send({
    to: email,
    subject: `We miss you in ${community.name}`,
    kind: "insights_nudge",
    text: `Hi,\n\nIt has been a few weeks since we saw you in ${community.name}. A lot has happened since; come and see what members are talking about:\n${home}\n\n— ${community.hostName || community.name}, via Threshold`,
  });
}
