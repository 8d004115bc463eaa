import { applicationEvents } from "../../drizzle";
import type { Db } from "../lib/db";
import { newId } from "../lib/ids";

/** One line of an application's timeline (an insert statement, so callers can batch it). */
export function timelineEntry(db: Db, applicationId: string, kind: string, actor: string, at: Date, detail: Record<string, unknown> = {}) {
  return db.insert(applicationEvents).values({ id: newId("aev"), applicationId, kind, actor, detail, createdAt: at });
}
