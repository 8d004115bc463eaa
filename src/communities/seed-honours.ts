import { and, eq, sql } from "drizzle-orm";
import { memberBadges, memberPoints, pointAwards, postReactions, posts } from "../../drizzle";
import type { Deps } from "../env";
import { runHonourWindowsJob } from "../honours/windows";
import { DAY_MS } from "../honours/points";
import { newId } from "../lib/ids";

/**
 * The demo community's honours: the points its seeded reactions earned (one per reacting member
 * and post, dated when the reaction was given, exactly as the reaction writes award them), the
 * rolling windows brought up to today, and a few badges. Idempotent: awards are unique per
 * source, badges per member and name. Members are not sent notices for the history.
 */

const BADGES: [string, string][] = [
  ["dev.patel@example.com", "Founding member"],
  ["kenji.ito@example.com", "Founding member"],
  ["maya@example.com", "Mentor of the month"],
  ["owner@example.com", "Host"],
];

export async function seedDemoHonours(deps: Pick<Deps, "db" | "now">, communityId: string): Promise<void> {
  const { db } = deps;
  const now = deps.now();
  await db.batch([
    db
      .insert(pointAwards)
      .select(
        sql`select 'pts_' || lower(hex(randomblob(10))), p.community_id, p.author_email, 1, 'reaction', 'reaction', p.id || ' ' || r.email, p.id, min(r.created_at), min(r.created_at) / ${DAY_MS}
          from ${posts} p join ${postReactions} r on r.post_id = p.id
          where p.community_id = ${communityId} and r.email <> p.author_email and p.status = 'visible' and p.deleted_at is null
          group by p.id, r.email`,
      )
      .onConflictDoNothing(),
    db.update(memberPoints).set({ notifiedLevel: sql`${memberPoints.level}` }).where(and(eq(memberPoints.communityId, communityId), sql`${memberPoints.notifiedLevel} < ${memberPoints.level}`)),
    ...BADGES.map(([email, name], i) =>
      db
        .insert(memberBadges)
        .values({ id: newId("bdg"), communityId, email, name, awardedBy: "owner@example.com", awardedAt: new Date(now.getTime() - (120 - i) * DAY_MS) })
        .onConflictDoNothing(),
    ),
  ]);
  await runHonourWindowsJob(deps, { communityId });
}
