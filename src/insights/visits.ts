import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import { and, eq, sql } from "drizzle-orm";
import { communities, insightVisits } from "../../drizzle";
import type { AppEnv } from "../app-env";
import type { Visitor } from "../experiments/visitor";
import { dayOf } from "./days";
import { setOwnCookie } from "../lib/cookies";

/**
 * Landing-page visitors, counted always (not only while a fee test logs exposures): each visitor
 * once per community and UTC day. A cookie scoped to the community's pages remembers the day the
 * visitor was last counted, so a returning visitor that day costs nothing, and the first visit of
 * a day adds one upsert, keyed by the slug, to the batch the landing page sends anyway: no extra
 * round trip. Crawlers, and visits to a community not yet published (its staff previewing it),
 * are not counted.
 */

const SEEN_COOKIE = "th_seen";
const TWO_DAYS = 2 * 24 * 60 * 60;

export interface LandingVisit {
  statement: ReturnType<typeof visitStatement>;
  /** Remembers the count on the visitor's side; call once the batch went through. */
  counted(): void;
  /**
   * Counts the visit after the response instead, folded with the isolate's other visits not yet
   * written (`writeVisitsLater`), and remembers it on the visitor's side now: for a page that has
   * nothing else to write, so a first visit waits for no D1 round trip.
   */
  later(): void;
}

/** The upsert counting this visit, or null when the visitor was counted today (or is a crawler). */
export function landingVisit(c: Context<AppEnv>, slug: string, visitor: Visitor | null): LandingVisit | null {
  if (!visitor || visitor.bot) return null;
  const today = dayOf(c.get("deps").now());
  if (getCookie(c, SEEN_COOKIE) === today) return null;
  const db = c.get("deps").db;
  const counted = () =>
    setOwnCookie(c, SEEN_COOKIE, today, `/c/${slug}`, TWO_DAYS);
  return {
    statement: visitStatement(db, slug, today),
    counted,
    later() {
      addUnwritten({ slug, day: today, visitors: 1 });
      counted();
      if (!writing) {
        writing = true;
        c.executionCtx.waitUntil(writeVisitsLater(db));
      }
    },
  };
}

type Db = AppEnv["Variables"]["deps"]["db"];

function visitStatement(db: Db, slug: string, day: string, visitors = 1) {
  return db
    .insert(insightVisits)
    .select(db.select({ communityId: communities.id, day: sql<string>`${day}`.as("day"), visitors: sql<number>`${visitors}`.as("visitors") }).from(communities).where(and(eq(communities.slug, slug), eq(communities.status, "published"))))
    .onConflictDoUpdate({ target: [insightVisits.communityId, insightVisits.day], set: { visitors: sql`${insightVisits.visitors} + ${visitors}` } });
}

/** Visits counted by `later()` and not yet written, per community slug and day, in this isolate. */
const unwritten = new Map<string, { slug: string; day: string; visitors: number }>();
/** Adds visits to the unwritten count of their community and day. */
function addUnwritten(v: { slug: string; day: string; visitors: number }): void {
  const key = `${v.slug}\n${v.day}`;
  const waiting = unwritten.get(key);
  if (waiting) waiting.visitors += v.visitors;
  else unwritten.set(key, { ...v });
}
/** Whether a request is writing them (in its `waitUntil`); the others only add to the map. */
let writing = false;
/** Batches one request writes before leaving the rest to the next visit's request (waitUntil has a time limit). */
const MAX_BATCHES = 20;
/** How long a writer waits before each batch, gathering the visits that arrive meanwhile: under load, one statement for many. */
export const VISIT_WRITE_DELAY_MS = 100;

/**
 * Writes the unwritten visits, one upsert per community and day, in one batch, after waiting
 * `VISIT_WRITE_DELAY_MS`; visits that arrive meanwhile go in it, or in the next. Under load, many
 * first visits share one statement. A batch
 * that fails puts its counts back for the next try. The write happens in the request that found
 * no writer, on its own D1 session, after its response is on its way.
 */
async function writeVisitsLater(db: Db): Promise<void> {
  try {
    for (let batch = 0; batch < MAX_BATCHES && unwritten.size; batch++) {
      await new Promise((resolve) => setTimeout(resolve, VISIT_WRITE_DELAY_MS));
      const visits = [...unwritten.values()];
      unwritten.clear();
      try {
        await db.batch(visits.map((v) => visitStatement(db, v.slug, v.day, v.visitors)) as unknown as Parameters<Db["batch"]>[0]);
      } catch (e) {
        visits.forEach(addUnwritten);
        console.error("landing visits not written; kept for the next try", e);
        return;
      }
    }
  } finally {
    writing = false;
  }
}
