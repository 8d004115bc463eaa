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

/**
 * One formatter per currency (or time zone) for the isolate's life: building an Intl formatter
 * costs far more than formatting with one, and the landing page alone shows a dozen prices
 * (building one per call was a tenth of the page's CPU under load).
 */
function cached<F>(cache: Map<string, F>, key: string, build: () => F): F | null {
  let f = cache.get(key);
  if (f === undefined) {
    try {
      f = build();
    } catch {
      return null; // an unknown currency or zone (not kept): the caller falls back
    }
    // Keys are currencies and zones from our own data and validated cookies; the bound is a backstop.
    if (cache.size >= 500) cache.clear();
    cache.set(key, f);
  }
  return f;
}
const moneyFormats = new Map<string, Intl.NumberFormat>();

/** 2500, "usd" -> "$25.00". */
export function formatMoney(amount: number, currency: string): string {
  const value = amount / minorUnitFactor(currency);
  const code = currency.toUpperCase();
  const format = cached(moneyFormats, code, () => new Intl.NumberFormat("en-US", { style: "currency", currency: code }));
  return format ? format.format(value) : `${value.toFixed(2)} ${code}`;
}

/** The date and time parts of `d` in a time zone, with the zone's short name ("CET", "GMT+2"). */
const zoneFormats = new Map<string, Intl.DateTimeFormat>();

function partsIn(d: Date, timeZone: string) {
  const format = cached(zoneFormats, timeZone, () =>
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
