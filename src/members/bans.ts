import { and, eq, sql, type SQLWrapper } from "drizzle-orm";
import { bans, memberships, type Community } from "../../drizzle";
import { isOperator } from "../auth/roles";
import type { Deps } from "../env";
import { idIs } from "../lib/db";
import { AppError } from "../lib/errors";
import { settleBilling, type ActionOutcome } from "./billing";
import { auditWhere, liveStatusSql, normalizeEmail, requireReason } from "./guards";
import { offerFreedSeat, removalStatements } from "./removal";
import { moderatorRevocation, staffRoleOf } from "./staff";

const isBanned = (communityId: string, email: string) =>
  sql`exists (select 1 from ${bans} where ${bans.communityId} = ${communityId} and ${bans.email} = ${email})`;

/**
 * Bans an email: it can neither apply nor join again. In one batch: the ban, the end of any live
 * membership and of a moderator role, each audited only if it happened; then the subscription is
 * cancelled at Stripe (no refund unless asked).
 */
export async function banMember(
  deps: Deps,
  community: Pick<Community, "id">,
  email: string,
  actor: string,
  reason: string,
  opts: { refund?: boolean } = {},
): Promise<ActionOutcome> {
  const why = requireReason(reason);
  const who = normalizeEmail(email);
  if (isOperator(deps.config, who)) throw AppError.conflict("An operator of this deployment cannot be banned");
  if ((await staffRoleOf(deps.db, community.id, who)) === "owner") throw AppError.conflict("An owner cannot be banned; change their role on the Staff page first");
  const live = await deps.db.query.memberships.findFirst({ where: and(eq(memberships.communityId, community.id), eq(memberships.email, who), liveStatusSql()) });
  const at = deps.now();
  const a = { actor, reason: why, at };
  // Results in order: ban audit, ban, moderator audit, moderator role, [removal audit, removal].
  const results = await deps.db.batch([
    auditWhere(deps.db, { communityId: community.id, actor, action: "member.banned", subject: who, reason: why, detail: live ? { membershipId: live.id } : {}, at }, sql`not ${isBanned(community.id, who)}`),
    deps.db.insert(bans).values({ communityId: community.id, email: who, reason: why, actor, createdAt: at }).onConflictDoNothing().returning({ email: bans.email }),
    ...moderatorRevocation(deps.db, community.id, who, { ...a, action: "member.demoted" }),
    ...(live ? removalStatements(deps.db, live, { ...a, action: "member.removed", detail: { banned: true, refundRequested: !!opts.refund } }) : []),
  ]);
  const changedAt = (i: number) => ((results[i] as unknown[] | undefined)?.length ?? 0) > 0;
  const removed = changedAt(5);
  const changed = changedAt(1) || changedAt(3) || removed;
  if (!live || !removed) return { changed };
  const billing = await settleBilling(deps, live, { refund: !!opts.refund, purpose: "remove", actor });
  await offerFreedSeat(deps, live);
  return { changed, billing };
}

/** Lifts a ban; the person may apply again (they do not get a membership back). */
export async function unban(
  deps: Pick<Deps, "db" | "now">,
  community: Pick<Community, "id">,
  email: string,
  actor: string,
  reason: string,
): Promise<ActionOutcome> {
  const why = requireReason(reason);
  const who = normalizeEmail(email);
  const [, deleted] = await deps.db.batch([
    auditWhere(deps.db, { communityId: community.id, actor, action: "member.unbanned", subject: who, reason: why, at: deps.now() }, isBanned(community.id, who)),
    deps.db.delete(bans).where(and(eq(bans.communityId, community.id), eq(bans.email, who))).returning({ email: bans.email }),
  ]);
  return { changed: deleted.length > 0 };
}

/** Whether an email is banned from the community. */
export async function isEmailBanned(db: Deps["db"], communityId: string, email: string): Promise<boolean> {
  return (await banQuery(db, communityId, email)).length > 0;
}

/** The statement behind `isEmailBanned` (a row when banned), for a batch. */
export function banQuery(db: Deps["db"], communityId: string | SQLWrapper, email: string) {
  return db.select({ email: bans.email }).from(bans).where(and(idIs(bans.communityId, communityId), eq(bans.email, email.trim().toLowerCase()))).limit(1);
}
