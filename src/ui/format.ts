import { formatterCache } from "./intl-cache";
import { viewerTimeZone } from "./time-zone";

/** Currencies whose minor unit is the whole unit (Stripe's zero-decimal currencies). */
const ZERO_DECIMAL = new Set(["bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf"]);

export function minorUnitFactor(currency: string): number {
  return ZERO_DECIMAL.has(currency.toLowerCase()) ? 1 : 100;
}

/**
 * 20000 -> "20,000", as `toLocaleString("en")` writes a whole number, without Intl: validation
 * messages are built when their schema module is evaluated, and the first Intl call loads locale
 * data, several milliseconds of a new isolate's start-up for one string.
 */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

const moneyFormats = formatterCache<Intl.NumberFormat>();

/** 2500, "usd" -> "$25.00". */
export function formatMoney(amount: number, currency: string): string {
  const value = amount / minorUnitFactor(currency);
  const code = currency.toUpperCase();
  const format = moneyFormats(code, () => new Intl.NumberFormat("en-US", { style: "currency", currency: code }));
  return format ? format.format(value) : `${value.toFixed(2)} ${code}`;
}

const zoneFormats = formatterCache<Intl.DateTimeFormat>();

/** The date and time parts of `d` in a time zone, with the zone's short name ("CET", "GMT+2"). */
function partsIn(d: Date, timeZone: string) {
  const format = zoneFormats(timeZone, () =>
    new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
      timeZoneName: "short",
    }),
  );
  // An unknown zone throws, as it did before formatters were kept.
  if (!format) throw new RangeError(`Invalid time zone specified: ${timeZone}`);
  const parts = format.formatToParts(d);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return { date: `${get("year")}-${get("month")}-${get("day")}`, time: `${get("hour")}:${get("minute")}`, zone: get("timeZoneName") };
}

/** The day in the viewer's time zone (UTC unless they chose one), as YYYY-MM-DD. */
export function formatDate(d: Date | null | undefined, timeZone = viewerTimeZone()): string {
  if (!d) return "";
  return timeZone === "UTC" ? d.toISOString().slice(0, 10) : partsIn(d, timeZone).date;
}

/** Date and time in the viewer's time zone, naming the zone: "2026-11-30 04:28 UTC". */
export function formatDateTime(d: Date | null | undefined, timeZone = viewerTimeZone()): string {
  if (!d) return "";
  if (timeZone === "UTC") return d.toISOString().slice(0, 16).replace("T", " ") + " UTC";
  const p = partsIn(d, timeZone);
  return `${p.date} ${p.time} ${p.zone}`;
}
