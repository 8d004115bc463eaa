import { formatMajorAmount } from "../communities/forms";
import type { MemberRow } from "./queries";

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

/**
 * Rows as CSV lines, each ending in CRLF as RFC 4180 says; `header` puts the header row first
 * (the first chunk of an export carries it, so the chunks joined in order are the whole file).
 */
export function membersCsvText(rows: MemberRow[], header: boolean): string {
  const lines = [...(header ? [CSV_HEADER.join(",")] : []), ...rows.map(rowOf)];
  return lines.map((l) => `${l}\r\n`).join("");
}

/** The download's headers, the same from the owner pages and the API. */
export function membersCsvHeaders(slug: string): Record<string, string> {
  return {
    "content-type": "text/csv; charset=utf-8",
    "content-disposition": `attachment; filename="${slug}-members.csv"`,
    "cache-control": "no-store",
  };
}
