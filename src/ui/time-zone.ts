import { tryGetContext } from "hono/context-storage";
import { formatterCache } from "./intl-cache";

/** The cookie holding the time zone a person chose for the dates they read (an IANA name). */
export const TIME_ZONE_COOKIE = "th_tz";

const zoneChecks = formatterCache<Intl.DateTimeFormat>();

/** A name Intl knows ("Europe/Berlin"), else null: only known zones are ever stored or used. */
export function validTimeZone(raw: string | undefined | null): string | null {
  if (!raw || raw.length > 64 || !/^[A-Za-z0-9_+\-/]+$/.test(raw)) return null;
  return zoneChecks(raw, () => new Intl.DateTimeFormat("en-US", { timeZone: raw }))?.resolvedOptions().timeZone ?? null;
}

/**
 * The viewer's time zone for this request: their choice (cookie), else UTC. Pages render on the
 * server without scripts, so the browser cannot tell us; people pick it once (footer link).
 * Outside a request (emails, cron) dates stay in UTC.
 */
export function viewerTimeZone(): string {
  const cookie = tryGetContext()?.req.header("cookie") ?? "";
  const raw = cookie.split(/;\s*/).find((c) => c.startsWith(`${TIME_ZONE_COOKIE}=`))?.slice(TIME_ZONE_COOKIE.length + 1);
  return validTimeZone(raw ? decodeURIComponent(raw) : null) ?? "UTC";
}

/** This request's path and query, for "come back here" links; "/" outside a request. */
export function currentPath(): string {
  const c = tryGetContext();
  if (!c) return "/";
  const url = new URL(c.req.url);
  return url.pathname + url.search;
}
