import { formatMajorAmount } from "../communities/forms";
import type { Db } from "../lib/db";
import { membersPage, type MemberRow } from "./queries";

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

/** Rows per page (about 200 KB): each is one keyset read on memberships_community_created_idx. */
const PAGE = 1000;

/**
 * Every membership of the community (newest first) as CSV, lines ending in CRLF as RFC 4180
 * says. It streams: each pull reads the next keyset page, so a community of any size costs one
 * page of memory, and the first bytes leave before the last page is read.
 */
export function exportMembersCsv(db: Db, communityId: string): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cursor: string | undefined;
  let header = true;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const page = await membersPage(db, communityId, { cursor }, PAGE);
        const lines = [...(header ? [CSV_HEADER.join(",")] : []), ...page.items.map(rowOf)];
        header = false;
        controller.enqueue(encoder.encode(lines.map((l) => `${l}\r\n`).join("")));
        if (page.nextCursor) cursor = page.nextCursor;
        else controller.close();
      },
    },
    { highWaterMark: 0 },
  );
}

/** The download's headers, the same from the owner pages and the API. */
export function membersCsvHeaders(slug: string): Record<string, string> {
  return {
    "content-type": "text/csv; charset=utf-8",
    "content-disposition": `attachment; filename="${slug}-members.csv"`,
    "cache-control": "no-store",
  };
}
