import { sql, type SQL } from "drizzle-orm";
import { applicationEvents } from "../../drizzle";
import type { Db } from "../lib/db";
import { newId } from "../lib/ids";

/** One line of an application's timeline (an insert statement, so callers can batch it). */
export function timelineEntry(db: Db, applicationId: string, kind: string, actor: string, at: Date, detail: Record<string, unknown> = {}) {
  return db.insert(applicationEvents).values({ id: newId("aev"), applicationId, kind, actor, detail, createdAt: at });
}

/** The same line, written only if `onlyIf` holds when its batch reaches it (a decision that won its race). */
export function timelineEntryIf(db: Db, onlyIf: SQL, applicationId: string, kind: string, actor: string, at: Date, detail: Record<string, unknown> = {}) {
  // Columns in table order: id, application, kind, actor, detail, created.
  return db
    .insert(applicationEvents)
    .select(sql`select ${newId("aev")}, ${applicationId}, ${kind}, ${actor}, ${JSON.stringify(detail)}, ${at.getTime()} where ${onlyIf}`);
}
