import { and, desc, eq, getTableColumns, inArray, lte, or, sql, type SQL } from "drizzle-orm";
import { drops, dropTargets, tiers, type Drop } from "../../drizzle";
import type { Deps } from "../env";
import type { Db } from "../lib/db";
import { groupTargets, targetsQuery, type Target } from "./drop-rows";
import { dropState, type Reader } from "./release";
import { pastCursor } from "../lib/cursor";

/**
 * A reader's feed: unlocked drops newest first (by publish time), and teasers for drops that are
 * out and open for this reader later. SQL only narrows the candidates with conditions every
 * unlock implies (released, publish time passed, some target at or below the reader's rank);
 * `dropState` decides each one.
 */

export interface FeedItem {
  drop: Drop;
  targets: Target[];
  unlockAt: Date;
}
export interface Feed {
  items: FeedItem[];
  teasers: FeedItem[];
  /** Topics of the newest released drops aimed at the reader's tier or below, for the filter. */
  topics: string[];
  /** Pass as `before` for the next page; null on the last one. */
  nextBefore: string | null;
}
export interface FeedOptions {
  topic?: string | null;
  before?: string | null;
  limit?: number;
  /** Candidates looked at (default WINDOW); the front page, which also shows threads, looks at fewer. */
  window?: number;
  /** Leave the bodies out (read as ""): the front page lists titles only. */
  withoutBodies?: boolean;
}

/** How many candidates one request looks at; each page walks at most this many rows. */
const WINDOW = 200;

/** How many drops a page of the feed shows: 20 unless asked, 1 to 50. */
export const pageLimit = (limit?: number) => Math.min(Math.max(limit ?? 20, 1), 50);

/**
 * The candidates member home and the API's feed look at for a page: three drops per drop shown,
 * enough to step over the ones not open yet for this reader (their teasers are the newest anyway),
 * so the page reads the same at any size. A window of drops not open yet still pages on.
 */
export const pageWindow = (limit: number) => 3 * limit;

/** "ms:id" of the last item shown (the front page uses the same shape for threads), or null. */
export function parseCursor(before: string | null | undefined): { at: number; id: string } | null {
  const m = /^(\d{1,15}):([a-z0-9_]{1,64})$/.exec(before ?? "");
  return m ? { at: Number(m[1]), id: m[2]! } : null;
}

/** "publishAtMs:id" of the last item shown; the next page starts strictly after it. */
function cursorCondition(before: string | null | undefined): SQL | undefined {
  const cursor = parseCursor(before);
  if (!cursor) return undefined;
  return pastCursor("desc", drops.publishAt, drops.id, cursor.at, cursor.id);
}

function reachable(reader: Reader): SQL | undefined {
  if (reader.kind === "staff") return undefined;
  return sql`exists (select 1 from ${dropTargets} inner join ${tiers} on ${tiers.id} = ${dropTargets.tierId}
    where ${dropTargets.dropId} = ${drops.id} and (${tiers.rank} <= ${reader.tierRank} or ${tiers.id} = ${reader.tierId}))`;
}

function candidates(db: Db, communityId: string, reader: Reader, now: Date, opts: FeedOptions) {
  const where = and(
    eq(drops.communityId, communityId),
    inArray(drops.status, ["scheduled", "published"]),
    lte(drops.publishAt, now),
    reachable(reader),
    cursorCondition(opts.before),
    opts.topic ? sql`exists (select 1 from json_each(${drops.topics}) where value = ${opts.topic})` : undefined,
  );
  return { where, order: [desc(drops.publishAt), desc(drops.id)] };
}

export async function feedFor(deps: Pick<Deps, "db" | "now">, communityId: string, reader: Reader, opts: FeedOptions = {}): Promise<Feed> {
  const now = deps.now();
  return feedFrom(await deps.db.batch(feedReads(deps.db, communityId, reader, now, opts)), reader, now, opts);
}

/** The statements behind `feedFor`, for a caller that batches them with its own reads. */
export function feedReads(db: Db, communityId: string, reader: Reader, now: Date, opts: FeedOptions = {}) {
  const { where, order } = candidates(db, communityId, reader, now, opts);
  const window = opts.window ?? WINDOW;
  const ids = feedCandidateIds(db, communityId, reader, now, opts);
  // The topic filter offers the topics of the newest WINDOW released drops: reading every drop's
  // topics would grow with the community's whole history on every page view.
  const recent = db
    .select({ id: drops.id })
    .from(drops)
    .where(and(eq(drops.communityId, communityId), inArray(drops.status, ["scheduled", "published"]), lte(drops.publishAt, now), reachable(reader)))
    .orderBy(...order)
    .limit(window);
  return [
    (opts.withoutBodies ? db.select({ ...getTableColumns(drops), body: sql<string>`''`.as("body") }) : db.select()).from(drops).where(where).orderBy(...order).limit(window),
    targetsQuery(db, ids),
    db
      .selectDistinct({ topic: sql<string>`j.value` })
      .from(sql`${drops}, json_each(${drops.topics}) j`)
      .where(inArray(drops.id, recent))
      .orderBy(sql`1`)
      .limit(50),
  ] as const;
}

/** The ids of the drops `feedReads` looks at (at most the window), as a subquery: what else a batch reads about them. */
export function feedCandidateIds(db: Db, communityId: string, reader: Reader, now: Date, opts: FeedOptions = {}) {
  const { where, order } = candidates(db, communityId, reader, now, opts);
  return db.select({ id: drops.id }).from(drops).where(where).orderBy(...order).limit(opts.window ?? WINDOW);
}

type FeedRows = readonly [Drop[], Parameters<typeof groupTargets>[0], { topic: string }[]];

export function feedFrom([rows, targetRows, topicRows]: FeedRows, reader: Reader, now: Date, opts: FeedOptions = {}): Feed {
  const limit = pageLimit(opts.limit);
  const byDrop = groupTargets(targetRows);
  const items: FeedItem[] = [];
  const teasers: FeedItem[] = [];
  let last: Drop | null = null;
  for (const drop of rows) {
    const targets = byDrop.get(drop.id) ?? [];
    const view = dropState(drop, targets, reader, now);
    if (view.state === "teaser" && !opts.before) teasers.push({ drop, targets, unlockAt: view.unlockAt });
    if (view.state !== "open" || items.length === limit) continue;
    items.push({ drop, targets, unlockAt: view.unlockAt });
    last = drop;
  }
  const more = items.length === limit ? rows.indexOf(last!) < rows.length - 1 : rows.length === (opts.window ?? WINDOW);
  const cursorDrop = items.length === limit ? last : rows[rows.length - 1];
  teasers.sort((a, b) => a.unlockAt.getTime() - b.unlockAt.getTime());
  return {
    items,
    teasers,
    topics: topicRows.map((r) => r.topic),
    nextBefore: more && cursorDrop ? `${cursorDrop.publishAt!.getTime()}:${cursorDrop.id}` : null,
  };
}
