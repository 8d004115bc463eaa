import { and, eq, sql } from "drizzle-orm";
import { communityStaff, type Community, type StaffRole } from "../../drizzle";
import type { Deps } from "../env";
import type { Db } from "../lib/db";
import { AppError } from "../lib/errors";
import { auditWhere, normalizeEmail, requireReason } from "./guards";
import type { ActionOutcome } from "./billing";

const hasRole = (communityId: string, email: string, role?: "moderator") =>
  sql`exists (select 1 from ${communityStaff} where ${communityStaff.communityId} = ${communityId} and ${communityStaff.email} = ${email}${
    role ? sql` and ${communityStaff.role} = ${role}` : sql``
  })`;

/** The person's staff role in the community (emails are stored lower-case), or null. */
export async function staffRoleOf(db: Db, communityId: string, email: string): Promise<StaffRole | null> {
  const row = await db
    .select({ role: communityStaff.role })
    .from(communityStaff)
    .where(and(eq(communityStaff.communityId, communityId), eq(communityStaff.email, email)))
    .get();
  return row?.role ?? null;
}

/**
 * Makes the person a moderator (the core of the pyramid): they review applications and see every
 * tier. A member stays a member; their membership and subscription are untouched.
 */
export async function promoteToModerator(
  deps: Pick<Deps, "db" | "now">,
  community: Pick<Community, "id">,
  email: string,
  actor: string,
  reason: string,
): Promise<ActionOutcome> {
  const why = requireReason(reason);
  const who = normalizeEmail(email);
  const role = await staffRoleOf(deps.db, community.id, who);
  if (role === "owner") throw AppError.conflict(`${who} is already an owner of this community`);
  if (role === "moderator") return { changed: false };
  const at = deps.now();
  const [, inserted] = await deps.db.batch([
    auditWhere(deps.db, { communityId: community.id, actor, action: "member.promoted", subject: who, reason: why, detail: { role: "moderator" }, at }, sql`not ${hasRole(community.id, who)}`),
    deps.db
      .insert(communityStaff)
      .values({ communityId: community.id, email: who, role: "moderator", createdAt: at })
      .onConflictDoNothing()
      .returning({ email: communityStaff.email }),
  ]);
  return { changed: inserted.length > 0 };
}

/** Takes the moderator role away; owners are changed on the Staff page, not here. */
export async function demoteModerator(
  deps: Pick<Deps, "db" | "now">,
  community: Pick<Community, "id">,
  email: string,
  actor: string,
  reason: string,
): Promise<ActionOutcome> {
  const why = requireReason(reason);
  const who = normalizeEmail(email);
  const role = await staffRoleOf(deps.db, community.id, who);
  if (role === "owner") throw AppError.conflict("Owners are changed on the Staff page");
  if (!role) return { changed: false };
  const [, deleted] = await deps.db.batch(moderatorRevocation(deps.db, community.id, who, { actor, reason: why, at: deps.now(), action: "member.demoted" }));
  return { changed: deleted.length > 0 };
}

/** The statements that take a moderator role away with its audit entry (only if there is one to take). */
export function moderatorRevocation(db: Db, communityId: string, email: string, a: { actor: string; reason: string; at: Date; action: string }) {
  return [
    auditWhere(db, { communityId, actor: a.actor, action: a.action, subject: email, reason: a.reason, detail: { role: "moderator" }, at: a.at }, hasRole(communityId, email, "moderator")),
    db
      .delete(communityStaff)
      .where(and(eq(communityStaff.communityId, communityId), eq(communityStaff.email, email), eq(communityStaff.role, "moderator")))
      .returning({ email: communityStaff.email }),
  ] as const;
}
