import { lt, sql } from "drizzle-orm";
import type { Context } from "hono";
import { rateLimits } from "../../drizzle";
import type { AppEnv } from "../app-env";
import type { Deps, Env } from "../env";
import type { BatchItem } from "./db";
import { AppError } from "./errors";

/**
 * Rate limits that hold across isolates: fixed-window counters in D1, one atomic upsert per hit
 * (`INSERT ... ON CONFLICT DO UPDATE ... RETURNING count`), so every isolate and every colo sees
 * the same count. A per-isolate counter would not: each isolate would allow the full limit.
 *
 * A feature adds its rule here (name, default, the variable that overrides it, the message) and
 * calls `enforceRateLimits` with the subjects to count, e.g. `[["comment", viewer.email]]`.
 */
export const RATE_RULES = {
  signinEmail: { env: "RATE_LIMIT_SIGNIN_EMAIL", limit: 10, windowSeconds: 600, message: "Too many sign-in links were requested for this address." },
  signinIp: { env: "RATE_LIMIT_SIGNIN_IP", limit: 100, windowSeconds: 600, message: "Too many sign-in links were requested from your network." },
  applyEmail: { env: "RATE_LIMIT_APPLY_EMAIL", limit: 5, windowSeconds: 3600, message: "Too many applications were sent with this email address." },
  applyIp: { env: "RATE_LIMIT_APPLY_IP", limit: 30, windowSeconds: 3600, message: "Too many applications were sent from your network." },
  comment: { env: "RATE_LIMIT_COMMENT", limit: 20, windowSeconds: 600, message: "You are commenting faster than this community allows." },
} as const satisfies Record<string, { env: keyof Env; limit: number; windowSeconds: number; message: string }>;

export type RateRuleName = keyof typeof RATE_RULES;
export interface RateLimit {
  limit: number;
  windowSeconds: number;
}
export type RateLimits = Record<RateRuleName, RateLimit>;

/** The limits in force: each rule's default, or its variable written as "<count>/<seconds>" (e.g. "10/600"). */
export function readRateLimits(env: Env): RateLimits {
  const out = {} as RateLimits;
  for (const [name, rule] of Object.entries(RATE_RULES) as [RateRuleName, (typeof RATE_RULES)[RateRuleName]][]) {
    const m = /^\s*(\d{1,9})\s*\/\s*(\d{1,9})\s*$/.exec(env[rule.env] ?? "");
    // Windows are at most a day: the cron prunes counters older than that.
    const valid = m && Number(m[2]) > 0 && Number(m[2]) <= 86_400;
    out[name] = valid ? { limit: Number(m[1]), windowSeconds: Number(m[2]) } : { limit: rule.limit, windowSeconds: rule.windowSeconds };
  }
  return out;
}

/** The client's address as Cloudflare saw it; absent outside Cloudflare's edge (tests, some local setups). */
export function clientIp(c: Context<AppEnv>): string | null {
  return c.req.header("cf-connecting-ip")?.slice(0, 64) || null;
}

async function keyOf(rule: string, subject: string): Promise<string> {
  // Hashed: the table is a counter, not a record of who signed in from where.
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`${rule}\n${subject.trim().toLowerCase()}`));
  const hex = [...new Uint8Array(digest).slice(0, 16)].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${rule}:${hex}`;
}

/**
 * Counts one hit for each (rule, subject) in one D1 round trip, and throws a 429 carrying
 * `Retry-After` when any of them is over its limit. A missing subject (no client IP known) is
 * not counted. Hits over the limit still count, so hammering does not shorten the wait.
 */
export async function enforceRateLimits(
  deps: Pick<Deps, "db" | "now" | "config">,
  hits: [RateRuleName, string | null | undefined][],
): Promise<void> {
  await enforceCounts(deps, await rateLimitCounts(deps, hits));
}

/** A limit a feature sets at run time (an owner's posting limit), counted the same way. */
export interface LimitHit extends RateLimit {
  /** Keeps counters of different limits apart. */
  name: string;
  subject: string;
  message: string;
}

export async function enforceLimits(deps: Pick<Deps, "db" | "now">, hits: LimitHit[]): Promise<void> {
  await enforceCounts(deps, await limitCounts(deps, hits));
}

async function enforceCounts(deps: Pick<Deps, "db">, counts: RateLimitCounts): Promise<void> {
  const [first, ...rest] = counts.statements;
  if (first) counts.enforce(await deps.db.batch([first, ...rest]));
}

export interface RateLimitCounts {
  /** One upsert per counted hit, for the caller's batch (they may ride with its reads). */
  statements: BatchItem[];
  /** Given the batch's results for `statements`, in order: throws the 429 if any is over. */
  enforce(results: unknown[]): void;
}

/** The statements behind `enforceRateLimits`, for a caller that batches them with other work. */
export function rateLimitCounts(deps: Pick<Deps, "now" | "config" | "db">, hits: [RateRuleName, string | null | undefined][]): Promise<RateLimitCounts> {
  return limitCounts(
    deps,
    hits
      .filter((h): h is [RateRuleName, string] => !!h[1])
      .map(([rule, subject]) => ({ name: rule, subject, ...deps.config.rateLimits[rule], message: RATE_RULES[rule].message })),
  );
}

async function limitCounts(deps: Pick<Deps, "now" | "db">, hits: LimitHit[]): Promise<RateLimitCounts> {
  const now = deps.now().getTime();
  const counted = await Promise.all(
    hits.map(async (hit) => {
      const windowMs = hit.windowSeconds * 1000;
      const windowStart = Math.floor(now / windowMs) * windowMs;
      return { ...hit, retryAfter: Math.max(1, Math.ceil((windowStart + windowMs - now) / 1000)), key: await keyOf(hit.name, hit.subject), windowStart };
    }),
  );
  const statements = counted.map(({ key, windowStart }) =>
    deps.db
      .insert(rateLimits)
      .values({ key, windowStart, count: 1 })
      .onConflictDoUpdate({
        target: rateLimits.key,
        // Both right-hand sides read the old row: same window counts on, a new window starts at 1.
        set: {
          count: sql`case when ${rateLimits.windowStart} = excluded.window_start then ${rateLimits.count} + 1 else 1 end`,
          windowStart: sql`excluded.window_start`,
        },
      })
      .returning({ count: rateLimits.count }),
  );
  return {
    statements,
    enforce(results) {
      const over = counted.filter((c, i) => ((results[i] as { count: number }[] | undefined)?.[0]?.count ?? 0) > c.limit);
      if (!over.length) return;
      const wait = Math.max(...over.map((o) => o.retryAfter));
      throw AppError.tooMany(`${over[0]!.message} Try again in ${describeWait(wait)}.`, wait);
    },
  };
}

function describeWait(seconds: number): string {
  if (seconds < 90) return `${seconds} seconds`;
  return `${Math.ceil(seconds / 60)} minutes`;
}

/** Cron: counters of windows long gone (a day is longer than any window) are deleted. */
export async function pruneRateLimits(deps: Pick<Deps, "db" | "now">): Promise<number> {
  const rows = await deps.db
    .delete(rateLimits)
    .where(lt(rateLimits.windowStart, deps.now().getTime() - 86_400_000))
    .returning({ key: rateLimits.key });
  return rows.length;
}
