import { formatMajorAmount } from "../communities/forms";
import type { Db } from "../lib/db";
import { listMembers, type MemberRow } from "./queries";

export const CSV_HEADER = [
  "email",
  "tier",
  "rank",
  "status",
  "comped",
  "interval",
  "amount",
  "currency",
  "joined_at",
  "current_period_end",
  "cancel_at_period_end",
] as const;

/** Characters that make a spreadsheet read a cell as a formula (OWASP's list adds tab and CR). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV cell: a cell a spreadsheet would run as a formula gets a leading single quote, then
 * RFC 4180 quoting (quotes doubled) when it holds a comma, quote or line break.
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  let text = value == null ? "" : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(cells: (string | number | boolean | null | undefined)[]): string {
  return cells.map(csvCell).join(",");
}

function rowOf({ membership: m, tier, price }: MemberRow): string {
  return csvLine([
    m.email,
    tier.name,
    tier.rank,
    m.status,
    m.comped,
    price?.interval,
    price ? formatMajorAmount(price.amount, price.currency) : "",
    price?.currency,
    m.joinedAt?.toISOString(),
    m.currentPeriodEnd?.toISOString(),
    m.cancelAtPeriodEnd,
  ]);
}

/** Every membership of the community (newest first) as CSV, lines ending in CRLF as RFC 4180 says. */
export async function exportMembersCsv(db: Db, communityId: string): Promise<string> {
  const lines = [CSV_HEADER.join(",")];
  let cursor: string | undefined;
  do {
    const page = await listMembers(db, communityId, { limit: 200, cursor });
    for (const row of page.items) lines.push(rowOf(row));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return lines.join("\r\n") + "\r\n";
}
