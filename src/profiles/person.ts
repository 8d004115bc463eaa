import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { memberProfiles, posts, spaces, type Community } from "../../drizzle";
import type { Deps } from "../env";
import { AppError } from "../lib/errors";
import type { Access } from "../memberships/access";
import { excerptOf } from "../content/emails";
import { postPath } from "../spaces/reader";
import { readableSpacesSql } from "../spaces/rules";
import { profileQuestionsQuery, type ProfileQuestion } from "./answers";
import { cardFields, cardOf, type PersonCard } from "./directory";
import { assertSeesPeople, listedSql, settingsFrom, settingsQuery } from "./visibility";

/**
 * One member's profile as others see it: the card's fields, their links, and their recent posts in
 * the spaces the viewer may read (`readableSpacesSql`: the same rule as the feed and search).
 * Someone not listed (removed, banned, lapsed) has no profile page: 404, as if unknown.
 */

export const RECENT_POSTS = 8;

export interface RecentPost {
  id: string;
  href: string;
  title: string;
  excerpt: string;
  spaceName: string;
  createdAt: Date;
  reply: boolean;
}

export interface PersonView {
  card: PersonCard;
  links: string[];
  since: Date;
  posts: RecentPost[];
  questions: ProfileQuestion[];
}

export async function personView(deps: Pick<Deps, "db" | "now">, community: Community, access: Access | null, publicId: string): Promise<PersonView> {
  const { db } = deps;
  const listed = listedSql({ now: deps.now(), graceDays: community.graceDays }, memberProfiles.communityId, memberProfiles.email);
  const person = db
    .select({ ...cardFields(), links: memberProfiles.links, createdAt: memberProfiles.createdAt })
    .from(memberProfiles)
    .where(and(eq(memberProfiles.communityId, community.id), eq(memberProfiles.publicId, publicId), listed))
    .limit(1);
  const email = sql`(select email from (${person}))`;
  const readable = access ? readableSpacesSql(access) : null;
  const [settingsRows, rows, questions, postRows] = await db.batch([
    settingsQuery(db, community.id),
    person,
    profileQuestionsQuery(db, community.id),
    db
      .select({ id: posts.id, parentId: posts.parentId, title: posts.title, body: sql<string>`substr(${posts.body}, 1, 400)`.as("body"), createdAt: posts.createdAt, spaceSlug: spaces.slug, spaceName: spaces.name, threadTitle: sql<string | null>`(select t.title from posts t where t.id = ${posts.parentId})` })
      .from(posts)
      .innerJoin(spaces, eq(spaces.id, posts.spaceId))
      .where(
        and(
          eq(posts.communityId, community.id),
          sql`${posts.authorEmail} = ${email}`,
          // Unary plus keeps the status test off posts_held_idx, which would walk the whole community's visible posts.
          sql`+${posts.status} = 'visible'`,
          isNull(posts.deletedAt),
          readable === null ? sql`0` : readable,
        ),
      )
      .orderBy(desc(posts.createdAt))
      .limit(RECENT_POSTS),
  ]);
  assertSeesPeople(access, settingsFrom(settingsRows), community.name);
  const row = rows[0];
  if (!row) throw AppError.notFound("Member");
  const live = questions as ProfileQuestion[];
  return {
    card: cardOf(row, community.slug, live),
    links: row.links,
    since: row.createdAt,
    questions: live,
    posts: postRows.map((p) => ({
      id: p.id,
      reply: !!p.parentId,
      href: postPath(community.slug, p.spaceSlug, p),
      title: (p.parentId ? p.threadTitle : p.title) || excerptOf(p.body, 80) || "Untitled post",
      excerpt: excerptOf(p.body, 160),
      spaceName: p.spaceName,
      createdAt: p.createdAt,
    })),
  };
}
