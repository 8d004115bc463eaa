import type { Db } from "../lib/db";
import { DECISIONS, type BulkResult, type Decision } from "./decisions";
import { DECISION_LABELS, STATUS_LABELS } from "./describe";
import { findApplicationsByIds } from "./queue";

/** How many failures a bulk summary names one by one (they travel in the redirect's query string). */
const MAX_NAMED = 20;

/** A bulk action's results as query parameters for the redirect back to the queue. */
export function bulkResultParams(decision: Decision, results: BulkResult[]): URLSearchParams {
  const params = new URLSearchParams({
    done: "bulk",
    action: decision,
    changed: String(results.filter((r) => r.ok && r.changed !== false).length),
    same: String(results.filter((r) => r.ok && r.changed === false).length),
    failed: String(results.filter((r) => !r.ok).length),
  });
  for (const r of results.filter((r) => !r.ok).slice(0, MAX_NAMED)) params.append("skipped", r.id);
  return params;
}

const count = (raw: string | null) => Math.max(0, Math.min(10_000, Number.parseInt(raw ?? "0", 10) || 0));

/**
 * "3 rejected. 1 already was. 1 could not be changed: Ana Lee (Approved)." Names and statuses are
 * read from the database, never from the query string, so a crafted link cannot put words on the page.
 */
export async function bulkSummary(db: Db, communityId: string, params: URLSearchParams): Promise<string | null> {
  const action = params.get("action") as Decision;
  if (params.get("done") !== "bulk" || !DECISIONS.includes(action)) return null;
  const done = DECISION_LABELS[action].done;
  const [changed, same, failed] = [count(params.get("changed")), count(params.get("same")), count(params.get("failed"))];
  const parts = [`${changed} ${done}.`];
  if (same) parts.push(`${same} already ${same === 1 ? "was" : "were"} ${done}.`);
  if (failed) {
    const skipped = await findApplicationsByIds(db, communityId, params.getAll("skipped").slice(0, MAX_NAMED));
    const names = skipped.map((a) => `${a.name} (${STATUS_LABELS[a.status]})`).join(", ");
    parts.push(`${failed} could not be changed${names ? `: ${names}` : ""}.`);
  }
  return parts.join(" ");
}
