import { sql, type SQL } from "drizzle-orm";
import { auditLog, LIVE_MEMBERSHIP_STATUSES, memberships } from "../../drizzle";
import type { Db } from "../lib/db";
import { AppError } from "../lib/errors";
import { newId } from "../lib/ids";
import type { AuditInput } from "../memberships/audit";

export const MAX_REASON = 1000;

/** Every member action says why; the reason lands in the audit log. */
export function requireReason(reason: string | null | undefined): string {
  const text = (reason ?? "").trim();
  if (!text) throw AppError.validation([{ field: "reason", message: "Give a reason for this action" }]);
  if (text.length > MAX_REASON) throw AppError.validation([{ field: "reason", message: `Keep the reason under ${MAX_REASON} characters` }]);
  return text;
}

export function normalizeEmail(email: string): string {
  const who = email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(who)) throw AppError.validation([{ field: "email", message: "Enter an email address like name@example.com" }]);
  return who;
}

/**
 * An audit entry written only if `guard` holds when its batch runs. Placed in the same batch as
 * the change, with the change guarded by the same condition, the entry exists exactly when the
 * change happened: a concurrent identical call writes neither.
 */
export function auditWhere(db: Db, e: AuditInput, guard: SQL, id = newId("aud")) {
  // Columns in table order: id, community, actor, action, subject, reason, detail, created.
  return db
    .insert(auditLog)
    .select(
      sql`select ${id}, ${e.communityId}, ${e.actor}, ${e.action}, ${e.subject}, ${e.reason ?? ""}, ${JSON.stringify(e.detail ?? {})}, ${e.at.getTime()} where ${guard}`,
    )
    .onConflictDoNothing();
}

/** An audit id derived from an operation key, so retries of one operation record it once. */
export async function auditIdFor(key: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(key)));
  return `aud_${[...digest.slice(0, 12)].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}

const LIVE_LIST = sql.join(
  LIVE_MEMBERSHIP_STATUSES.map((s) => sql`${s}`),
  sql`, `,
);

/** SQL: the membership still exists (is live). */
export function isLive(membershipId: string): SQL {
  return sql`exists (select 1 from ${memberships} where ${memberships.id} = ${membershipId} and ${memberships.status} in (${LIVE_LIST}))`;
}

export function liveStatusSql(): SQL {
  return sql`${memberships.status} in (${LIVE_LIST})`;
}

/** Stripe's message, or the error's, for the audit log and the owner. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
