import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { auditLog, posts, reports, spaces } from "../../drizzle";
import { setStaffRole } from "../../src/communities/service";
import { tools } from "../helpers";
import { spaceCommunity } from "../spaces/helpers";

/** The space community of test/spaces/helpers.ts plus a moderator. */
export async function moderatedCommunity(opts: { members?: number } = {}) {
  const s = await spaceCommunity({ members: opts.members ?? 4 });
  const moderator = `${s.community.slug}-mod@example.com`;
  await setStaffRole(tools().deps, s.community.id, moderator, "moderator");
  return { ...s, moderator };
}

export async function postRow(id: string) {
  return (await tools().deps.db.query.posts.findFirst({ where: eq(posts.id, id) }))!;
}

export async function spaceRow(id: string) {
  return (await tools().deps.db.query.spaces.findFirst({ where: eq(spaces.id, id) }))!;
}

export async function reportRows(postId: string) {
  return tools().deps.db.select().from(reports).where(eq(reports.postId, postId));
}

export async function auditOf(communityId: string, action: string) {
  return tools().deps.db.select().from(auditLog).where(and(eq(auditLog.communityId, communityId), eq(auditLog.action, action)));
}

/** Post ids the search index finds for a term (the triggers keep it in step with post status). */
export async function searchIds(term: string): Promise<string[]> {
  const rows = await env.DB.prepare(`SELECT r.ref_id AS id FROM search_docs JOIN search_rows r ON r.id = search_docs.rowid WHERE search_docs MATCH ?1`).bind(term).all<{ id: string }>();
  return rows.results.map((r) => r.id);
}
