import type { PublicConfig } from "./offers";

/**
 * A community's public configuration (its text, questions, tiers, prices, live price tests and
 * group offer), kept in this isolate's memory for a few seconds, so the landing page of a busy
 * community does not read the same rows from D1 for every visitor.
 *
 * Why memory and not the Workers Cache API or KV: a lookup in either costs about a fifth of a
 * bare worker's throughput per page view (measured on `wrangler dev`, where a D1 round trip costs
 * two thirds), and neither can purge every location at once: the Cache API forgets a key in one
 * data centre, KV's copies expire within a minute. A short lifetime bounds staleness the same way
 * at no cost per view.
 *
 * Freshness:
 * - Every request that may write (anything but GET and HEAD), every cron run and every queue
 *   batch forgets this isolate's copies when it ends (`forgetPublicConfigs`), so an owner's edit
 *   shows on their next page load from the same isolate. Other isolates, and the public Worker,
 *   which never sees an owner's edit, keep their copy at most `PUBLIC_CONFIG_TTL_MS`.
 * - A read that goes to D1 anyway (a submission, a first visit after the copy lapsed) replaces
 *   the copy with what it read.
 *
 * Money never depends on it: a submission reads the configuration fresh and charges the fee it
 * reads, and the form carries the fee the page showed (`listed_fee`): when they differ, nothing
 * is written or charged, and the form comes back showing the new fee (src/applications/routes.tsx).
 * Joining reads tier prices fresh on its own page. A price test stopped while a copy still says
 * it runs assigns nobody: the assignment insert checks the test's status in SQL.
 */
export const PUBLIC_CONFIG_TTL_MS = 5_000;
/** Communities kept per isolate; the oldest copy goes first. */
const MAX_KEPT = 256;

const kept = new Map<string, { config: PublicConfig; until: number }>();

/** The kept configuration of `slug` (assignments empty: they are the visitor's), or undefined. */
export function keptPublicConfig(slug: string, now = Date.now()): PublicConfig | undefined {
  const entry = kept.get(slug);
  if (!entry) return undefined;
  if (entry.until <= now) {
    kept.delete(slug);
    return undefined;
  }
  return entry.config;
}

/** Keeps what a D1 read of `slug`'s configuration returned (without the visitor's assignments). */
export function keepPublicConfig(slug: string, config: PublicConfig, now = Date.now()): void {
  kept.delete(slug);
  if (kept.size >= MAX_KEPT) kept.delete(kept.keys().next().value!);
  kept.set(slug, { config: frozen({ ...config, assignments: [] }), until: now + PUBLIC_CONFIG_TTL_MS });
}

/** The copy is shared by every request of the isolate: frozen, so a request that changed it would fail loudly, not leak. */
function frozen<T>(value: T): T {
  if (value && typeof value === "object" && !(value instanceof Date) && !Object.isFrozen(value)) {
    for (const key of Object.keys(value)) frozen((value as Record<string, unknown>)[key]);
    Object.freeze(value);
  }
  return value;
}

/** Forgets every kept configuration in this isolate (after anything that may have written). */
export function forgetPublicConfigs(): void {
  kept.clear();
}
