import { APPLICATION_STATUSES, type ApplicationStatus } from "../../drizzle";
import type { FieldIssue } from "../lib/errors";
import type { QueueFilter } from "./queue";
import type { QueueFilters } from "./pages";

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MAX_SEARCH = 100;

function parseDay(raw: string): Date | null {
  if (!DAY.test(raw)) return null;
  const d = new Date(`${raw}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== raw ? null : d;
}

/**
 * The queue's filters from the address bar. Bad values are reported by field; the filters that
 * come back hold only valid values, so a caller may also choose to ignore the issues.
 */
export function parseQueueFilters(params: URLSearchParams): { filters: QueueFilters; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const filters: QueueFilters = { status: "", from: "", to: "", flagged: false, q: "", cursor: "" };
  const status = params.get("status") ?? "";
  if (status && status !== "all") {
    if ((APPLICATION_STATUSES as readonly string[]).includes(status)) filters.status = status as ApplicationStatus;
    else issues.push({ field: "status", message: `Status must be one of ${APPLICATION_STATUSES.join(", ")}` });
  }
  for (const key of ["from", "to"] as const) {
    const raw = (params.get(key) ?? "").trim();
    if (!raw) continue;
    if (parseDay(raw)) filters[key] = raw;
    else issues.push({ field: key, message: "Enter a date as YYYY-MM-DD" });
  }
  filters.flagged = ["1", "on", "true"].includes(params.get("flagged") ?? "");
  filters.q = (params.get("q") ?? "").trim().slice(0, MAX_SEARCH);
  filters.cursor = params.get("cursor") ?? "";
  return { filters, issues };
}

/** The page's filters in the terms `listApplications` takes. */
export function toQueueFilter(f: QueueFilters, limit = 50): QueueFilter {
  return {
    status: f.status || undefined,
    from: f.from ? parseDay(f.from)! : undefined,
    to: f.to ? parseDay(f.to)! : undefined,
    flagged: f.flagged ? true : undefined,
    search: f.q || undefined,
    cursor: f.cursor || undefined,
    limit,
  };
}
