import { inArray } from "drizzle-orm";
import { experiments, tiers, type AuditEntry } from "../../drizzle";
import type { Db } from "../lib/db";
import { idsToName, type AuditNames } from "./describe";

/**
 * The names of the tiers and price tests a page of audit entries mentions, in one round trip,
 * so the log reads "Member → Core" rather than two ids. Archived tiers keep their names.
 */
export async function auditNames(db: Db, entries: AuditEntry[]): Promise<AuditNames> {
  const { tierIds, experimentIds } = idsToName(entries);
  const names: AuditNames = new Map();
  if (!tierIds.length && !experimentIds.length) return names;
  const [tierRows, experimentRows] = await db.batch([
    db.select({ id: tiers.id, name: tiers.name }).from(tiers).where(inArray(tiers.id, tierIds.length ? tierIds : [""])),
    db.select({ id: experiments.id, name: experiments.name }).from(experiments).where(inArray(experiments.id, experimentIds.length ? experimentIds : [""])),
  ]);
  for (const r of [...tierRows, ...experimentRows]) names.set(r.id, r.name);
  return names;
}
