/**
 * Wall-clock times in an event's IANA time zone. Hosts enter "2026-12-03T19:00" in the event's
 * zone; rows keep the UTC instant. Intl knows every zone's offsets (DST included), so no table.
 */

import { formatterCache } from "../ui/intl-cache";

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

const zoneClocks = formatterCache<Intl.DateTimeFormat>();

/** Offset of `zone` from UTC at the instant `ms`, in ms (Berlin in winter: +3,600,000). */
function offsetAt(ms: number, zone: string): number {
  const format = zoneClocks(zone, () =>
    new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    }),
  );
  // An unknown zone throws, as it did before formatters were kept.
  if (!format) throw new RangeError(`Invalid time zone specified: ${zone}`);
  const parts = format.formatToParts(new Date(ms));
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(n("year"), n("month") - 1, n("day"), n("hour"), n("minute"), n("second"));
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** "YYYY-MM-DDTHH:MM" read in `zone` -> the UTC instant, or null when it is not such a time. */
export function zonedToUtc(local: string, zone: string): Date | null {
  const m = LOCAL.exec(local);
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return null;
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  if (new Date(wall).getUTCDate() !== d) return null; // 31 February
  // Twice: the offset at the first guess may differ from the one at the answer across a DST change.
  let at = wall - offsetAt(wall, zone);
  at = wall - offsetAt(at, zone);
  return new Date(at);
}

/** The instant as "YYYY-MM-DDTHH:MM" on the clock of `zone` (for form fields). */
export function utcToZoned(at: Date, zone: string): string {
  return new Date(at.getTime() + offsetAt(at.getTime(), zone)).toISOString().slice(0, 16);
}

/** The calendar month "YYYY-MM" of an instant in `zone`. */
export function monthOf(at: Date, zone: string): string {
  return utcToZoned(at, zone).slice(0, 7);
}
