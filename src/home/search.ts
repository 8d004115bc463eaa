import { sql, type SQL } from "drizzle-orm";
import * as z from "zod/mini";
import "../lib/zod-messages";
import type { Community, DropStatus } from "../../drizzle";
import { recordVisit } from "../activity/record";
import { dropState, readerOf, type ReleaseTarget } from "../content/release";
import type { Deps } from "../env";
import type { Access } from "../memberships/access";
import { readableSpacesSql } from "../spaces/rules";
import { escapeHtml } from "../ui/markdown";
import { displayNameOf, displayNameSql } from "../profiles/names";
// Object schemas are built on first use (z.lazy), not while a new isolate starts: README, "Cold start".

/**
 * Search over posts, replies and drops (SQLite FTS5, migrations 0007 and 0009), answering only
 * with what the person may read: posts in spaces `readableSpacesSql` allows, visible, in a visible
 * thread; drops the content gate opens for them now. Newest first, a page at a time.
 *
 * Bounded whatever the community's size: one request looks at no more than WINDOW matching
 * documents (newest first, inside the community through the `scope` column), keeps the readable
 * ones, and hands back a cursor; a page may hold fewer than PAGE results when most matches are
 * out of the reader's reach, and "More results" carries on below.
 */

export const MAX_QUERY = 200;
const MAX_TERMS = 12;
const WINDOW = 500;
const PAGE = 20;

export const searchQuerySchema = z.lazy(() =>
  z.object({
    q: z._default(z.string().check(z.maxLength(MAX_QUERY, `Keep the search under ${MAX_QUERY} characters`)), ""),
    before: z.optional(z.string().check(z.regex(/^\d{1,15}$/, "Not a search position"))),
  }),
);

/**
 * The user's words as an FTS5 expression that cannot be anything else: each word becomes a quoted
 * string (quotes inside doubled), so `*`, `NEAR`, `AND`, `-`, `:` and parentheses are just text.
 * Words without a letter or digit are dropped (FTS5 would find nothing in them). The last word
 * matches as a prefix, so "pric" finds "pricing". Null when nothing searchable is left.
 */
export function ftsTerms(q: string): string | null {
  const words = q
    .normalize("NFKC")
    .split(/\s+/u)
    .map((w) => w.replace(/[\u0000-\u001f\u007f]/gu, ""))
    .filter((w) => /[\p{L}\p{N}]/u.test(w))
    .slice(0, MAX_TERMS);
  if (!words.length) return null;
  return words.map((w, i) => `"${w.replace(/"/g, '""')}"${i === words.length - 1 ? "*" : ""}`).join(" ");
}

/** Only this community's documents, and the user's words only in titles and bodies. */
function matchExpression(communityId: string, terms: string): string {
  return `scope : "${communityId.replace(/"/g, '""')}" AND {title body} : (${terms})`;
}

/** FTS5 marks matches with these two characters; the page and API turn them into <mark> after escaping. */
const OPEN = "\u0002";
const CLOSE = "\u0003";

export interface Segment {
  text: string;
  hit: boolean;
}

/** Highlighted text as plain segments: the marker characters never reach a page as text. */
export function segments(marked: string): Segment[] {
  const out: Segment[] = [];
  let hit = false;
  for (const part of marked.split(/([\u0002\u0003])/u)) {
    if (part === OPEN) hit = true;
    else if (part === CLOSE) hit = false;
    else if (part) out.push({ text: part, hit });
  }
  return out;
}

export interface SearchResult {
  kind: "post" | "reply" | "drop";
  id: string;
  title: Segment[];
  snippet: Segment[];
  /** Path on this site: the thread (with the reply's anchor) or the drop page. */
  path: string;
  space: { slug: string; name: string; emoji: string } | null;
  author: string | null;
  at: Date;
}

export interface SearchPage {
  results: SearchResult[];
  next: string | null;
}


interface Row {
  id: number;
  kind: "post" | "drop";
  refId: string;
  threadId: string | null;
  parentId: string | null;
  spaceSlug: string | null;
  spaceName: string | null;
  spaceEmoji: string | null;
  threadTitle: string | null;
  title: string;
  snippet: string;
  author: string | null;
  postAt: number | null;
  dropStatus: DropStatus | null;
  publishAt: number | null;
  dripDays: number | null;
  minLevel: number | null;
  targets: string | null;
}

function candidates(match: string, before: number) {
  return sql`select rowid from search_docs where search_docs match ${match} and rowid < ${before} order by rowid desc limit ${WINDOW}`;
}

/** Posts the reader may read (their space's rule, visible, thread visible); drops roughly narrowed, the gate decides. */
function readableSql(readable: SQL | undefined, reach: SQL): SQL {
  const posts = sql`r.kind = 'post' and p.status = 'visible' and p.deleted_at is null and t.status = 'visible' and t.deleted_at is null and spaces.archived_at is null`;
  const drops = sql`r.kind = 'drop' and d.status in ('scheduled', 'published') and d.publish_at is not null and ${reach}`;
  return sql`((${posts}${readable ? sql` and ${readable}` : sql``}) or (${drops}))`;
}

export async function searchCommunity(deps: Pick<Deps, "db" | "now">, community: Pick<Community, "id" | "slug">, access: Access, q: string, before?: string): Promise<SearchPage> {
  const reader = readerOf(access);
  const terms = ftsTerms(q);
  const readable = readableSpacesSql(access);
  if (!reader || !access.email || !terms || readable === null) return { results: [], next: null };
  const { db } = deps;
  const now = deps.now();
  const match = matchExpression(community.id, terms);
  const start = before ? Number(before) : Number.MAX_SAFE_INTEGER;
  const reach =
    reader.kind === "staff"
      ? sql`1`
      : sql`d.publish_at <= ${now.getTime()} and exists (select 1 from drop_targets dt join tiers tt on tt.id = dt.tier_id where dt.drop_id = d.id and (tt.rank <= ${reader.tierRank} or tt.id = ${reader.tierId}))`;
  const targets = sql`(select json_group_array(json_object('tierId', dt.tier_id, 'rank', tt.rank, 'offsetHours', dt.offset_hours)) from drop_targets dt join tiers tt on tt.id = dt.tier_id where dt.drop_id = d.id)`;
  const col = <T>(expr: SQL) => sql<T>`${expr}`;
  const [windowRows, rows] = await db.batch([
    db
      .select({ n: col<number>(sql`count(*)`), floor: col<number | null>(sql`min(rowid)`) })
      .from(sql`(${candidates(match, start)})`),
    db
      .select({
        id: col<number>(sql`search_docs.rowid`),
        kind: col<"post" | "drop">(sql`r.kind`),
        refId: col<string>(sql`r.ref_id`),
        threadId: col<string | null>(sql`r.thread_id`),
        parentId: col<string | null>(sql`p.parent_id`),
        spaceSlug: col<string | null>(sql`spaces.slug`),
        spaceName: col<string | null>(sql`spaces.name`),
        spaceEmoji: col<string | null>(sql`spaces.emoji`),
        threadTitle: col<string | null>(sql`t.title`),
        title: col<string>(sql`highlight(search_docs, 0, ${OPEN}, ${CLOSE})`),
        snippet: col<string>(sql`snippet(search_docs, 1, ${OPEN}, ${CLOSE}, '…', 24)`),
        author: col<string | null>(sql`case when r.kind = 'post' then ${displayNameSql(sql`p.community_id`, sql`p.author_email`)} end`),
        postAt: col<number | null>(sql`p.created_at`),
        dropStatus: col<DropStatus | null>(sql`d.status`),
        publishAt: col<number | null>(sql`d.publish_at`),
        dripDays: col<number | null>(sql`d.drip_days`),
        minLevel: col<number | null>(sql`d.min_level`),
        targets: col<string | null>(sql`case when r.kind = 'drop' then ${targets} end`),
      })
      .from(
        sql`search_docs join search_rows r on r.id = search_docs.rowid
          left join posts p on r.kind = 'post' and p.id = r.ref_id
          left join posts t on r.kind = 'post' and t.id = r.thread_id
          left join spaces on r.kind = 'post' and spaces.id = r.space_id
          left join drops d on r.kind = 'drop' and d.id = r.ref_id`,
      )
      .where(
        sql`search_docs match ${match} and search_docs.rowid < ${start}
          and search_docs.rowid >= coalesce((select min(rowid) from (${candidates(match, start)})), 0)
          and r.community_id = ${community.id}
          and ${readableSql(readable, reach)}`,
      )
      .orderBy(sql`search_docs.rowid desc`)
      .limit(PAGE + 1),
    recordVisit(db, community.id, access.email, now),
  ]);
  const window = windowRows[0] ?? { n: 0, floor: null };
  const shown = rows.slice(0, PAGE);
  const results = shown.flatMap((row) => resultOf(community.slug, row, reader, now));
  const next = rows.length > PAGE ? String(shown[shown.length - 1]!.id) : window.n >= WINDOW && window.floor != null ? String(window.floor) : null;
  return { results, next };
}

function resultOf(slug: string, row: Row, reader: NonNullable<ReturnType<typeof readerOf>>, now: Date): SearchResult[] {
  if (row.kind === "drop") {
    const targets = JSON.parse(row.targets ?? "[]") as ReleaseTarget[];
    const drop = { status: row.dropStatus!, publishAt: row.publishAt == null ? null : new Date(row.publishAt), dripDays: row.dripDays, minLevel: row.minLevel };
    // Only a drop the reader can open now: a teaser's body is not theirs to search.
    if (dropState(drop, targets, reader, now).state !== "open") return [];
    return [{ kind: "drop", id: row.refId, title: segments(row.title), snippet: segments(row.snippet), path: `/c/${slug}/drops/${row.refId}`, space: null, author: null, at: drop.publishAt ?? now }];
  }
  const reply = row.parentId != null;
  const thread = `/c/${slug}/s/${row.spaceSlug}/t/${row.threadId}`;
  return [
    {
      kind: reply ? "reply" : "post",
      id: row.refId,
      title: reply ? [{ text: row.threadTitle || "A thread", hit: false }] : row.title ? segments(row.title) : [{ text: "Untitled post", hit: false }],
      snippet: segments(row.snippet),
      path: reply ? `${thread}#p-${row.refId}` : thread,
      space: { slug: row.spaceSlug!, name: row.spaceName!, emoji: row.spaceEmoji ?? "" },
      author: displayNameOf(row.author),
      at: new Date(row.postAt!),
    },
  ];
}

/** Segments as HTML for the API: every piece escaped, then the matches wrapped in <mark>. */
export function markedHtml(parts: Segment[]): string {
  return parts.map((p) => (p.hit ? `<mark>${escapeHtml(p.text)}</mark>` : escapeHtml(p.text))).join("");
}
