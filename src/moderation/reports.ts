import { and, eq, sql } from "drizzle-orm";
import { posts, reports, spaces, type Post, type Report, type Space } from "../../drizzle";
import type { Deps } from "../env";
import type { Db } from "../lib/db";
import { AppError } from "../lib/errors";
import { newId } from "../lib/ids";
import { enforceLimits } from "../lib/rate-limit";
import { parseOrThrow } from "../lib/validation";
import type { Access } from "../memberships/access";
import { spaceRights } from "../spaces/rules";
import { reportInputSchema } from "./schemas";

/**
 * Members report posts and replies they can read. Whoever cannot read a post (another tier's
 * lounge, a held or removed post, a reply in a removed thread) gets the same 404 as for a post
 * that does not exist: a report form must not tell anyone that a post is there.
 */

/** Reports one person may file in an hour, across the community: enough for a bad day, not for a flood. */
const REPORTS_PER_HOUR = 30;

export interface ReadablePost {
  post: Post;
  space: Space;
  /** The thread a reply belongs to; null for a thread. */
  thread: Post | null;
}

const shown = (p: Post | null | undefined) => !!p && p.status === "visible" && !p.deletedAt;

/** A post (thread or reply) of the community, with its space and thread, read in one round trip. */
export async function loadPost(db: Db, communityId: string, postId: string): Promise<ReadablePost | null> {
  const id = postId.slice(0, 64);
  const of = (column: typeof posts.spaceId | typeof posts.parentId) => sql`(select ${column} from ${posts} where ${posts.id} = ${id})`;
  const [postRows, spaceRows, threadRows] = await db.batch([
    db.select().from(posts).where(and(eq(posts.id, id), eq(posts.communityId, communityId))).limit(1),
    db.select().from(spaces).where(sql`${spaces.id} = ${of(posts.spaceId)}`).limit(1),
    db.select().from(posts).where(sql`${posts.id} = ${of(posts.parentId)}`).limit(1),
  ]);
  const post = postRows[0];
  const space = spaceRows[0];
  if (!post || !space) return null;
  return { post, space, thread: post.parentId ? (threadRows[0] ?? null) : null };
}

/**
 * The post if `access` may read it, else a 404. Staff read every post, held and removed ones
 * included; everyone else reads visible posts in visible threads of spaces their tier opens.
 */
export async function readablePost(db: Db, communityId: string, access: Access, postId: string): Promise<ReadablePost> {
  const found = await loadPost(db, communityId, postId);
  if (!found) throw AppError.notFound("Post");
  const rights = spaceRights(access, found.space, { muted: false });
  if (!rights.read) throw AppError.notFound("Post");
  if (!rights.staff && (!shown(found.post) || (found.post.parentId && !shown(found.thread)))) throw AppError.notFound("Post");
  return found;
}

/**
 * Files a report. One per person and post (the unique index decides, so a double submit files
 * one): a second report of the same post is a 409. Reporting your own post, or one staff already
 * removed, is refused.
 */
export async function reportPost(deps: Pick<Deps, "db" | "now">, community: { id: string }, access: Access, postId: string, raw: unknown): Promise<Report> {
  const { post } = await readablePost(deps.db, community.id, access, postId);
  const { reason } = parseOrThrow(reportInputSchema, raw);
  const email = access.email!;
  if (post.authorEmail === email) throw AppError.forbidden("You cannot report your own post");
  if (post.status === "removed" || post.deletedAt) throw AppError.conflict("This post has already been taken down");
  await enforceLimits(deps, [{ name: `reports:${community.id}`, subject: email, limit: REPORTS_PER_HOUR, windowSeconds: 3600, message: `You can send ${REPORTS_PER_HOUR} reports an hour.` }]);
  const row = { id: newId("rpt"), communityId: community.id, postId: post.id, reporterEmail: email, reason, createdAt: deps.now() };
  const inserted = await deps.db.insert(reports).values(row).onConflictDoNothing().returning();
  if (!inserted[0]) throw AppError.conflict("You already reported this post; a moderator will look at it");
  return inserted[0];
}
