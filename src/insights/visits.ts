import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { and, eq, sql } from "drizzle-orm";
import { communities, insightVisits } from "../../drizzle";
import type { AppEnv } from "../app-env";
import type { Visitor } from "../experiments/visitor";
import { dayOf } from "./days";

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
}

/** The upsert counting this visit, or null when the visitor was counted today (or is a crawler). */
export function landingVisit(c: Context<AppEnv>, slug: string, visitor: Visitor | null): LandingVisit | null {
  if (!visitor || visitor.bot) return null;
  const today = dayOf(c.get("deps").now());
  if (getCookie(c, SEEN_COOKIE) === today) return null;
  return {
    statement: visitStatement(c.get("deps").db, slug, today),
    counted: () =>
      setCookie(c, SEEN_COOKIE, today, { httpOnly: true, secure: new URL(c.req.url).protocol === "https:", sameSite: "Lax", path: `/c/${slug}`, maxAge: TWO_DAYS }),
  };
}

function visitStatement(db: AppEnv["Variables"]["deps"]["db"], slug: string, day: string) {
  return db
    .insert(insightVisits)
    .select(db.select({ communityId: communities.id, day: sql<string>`${day}`.as("day"), visitors: sql<number>`1`.as("visitors") }).from(communities).where(and(eq(communities.slug, slug), eq(communities.status, "published"))))
    .onConflictDoUpdate({ target: [insightVisits.communityId, insightVisits.day], set: { visitors: sql`${insightVisits.visitors} + 1` } });
}
