import { auditLog } from "../../drizzle";
import type { Db } from "../lib/db";
import { newId } from "../lib/ids";

export interface AuditInput {
  communityId: string;
  actor: string;
  action: string;
  subject: string;
  reason?: string;
  detail?: Record<string, unknown>;
  at: Date;
}

/** An audit entry as an insert statement, so it can share a batch with the change it records. */
export function auditEntry(db: Db, e: AuditInput) {
  return db.insert(auditLog).values({
    id: newId("aud"),
    communityId: e.communityId,
    actor: e.actor,
    action: e.action,
    subject: e.subject,
    reason: e.reason ?? "",
    detail: e.detail ?? {},
    createdAt: e.at,
  });
}
