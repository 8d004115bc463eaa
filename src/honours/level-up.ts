import { and, eq, gt, sql } from "drizzle-orm";
import { memberPoints, notifications } from "../../drizzle";
import type { Deps, Env } from "../env";
import { enqueueTo, type Enqueue } from "../lib/queue";
import { deliver } from "../notifications/deliver";
import { aboutFrom, aboutQueries } from "../notifications/post-written";

/**
 * Telling a member they reached a new level. The write that gave the point reads the author's
 * level in its own batch and queues this job only when it passed the highest level they were
 * told about; the job claims that level (`notified_level`) before it notifies, so each level is
 * announced once, however often the job runs or points come and go around a threshold. The notice
 * is an ordinary notification about the post whose reaction lifted them (in-app, and email under
 * the member's activity preference, through the same `deliver` as replies and mentions).
 */

export interface LevelUpJob {
  kind: "level-up";
  communityId: string;
  email: string;
  /** The post whose reaction crossed the threshold. */
  postId: string;
  /** Who reacted. */
  actorEmail: string;
}

export const honourJobs = (env: Pick<Env, "JOBS">): Enqueue<LevelUpJob> => enqueueTo(env.JOBS);

export interface LevelRow {
  level: number;
  notifiedLevel: number;
}

export async function enqueueIfLevelledUp(enqueue: Enqueue<LevelUpJob>, rows: LevelRow[], job: Omit<LevelUpJob, "kind">): Promise<void> {
  const row = rows[0];
  if (row && row.level > row.notifiedLevel) await enqueue([{ kind: "level-up", ...job, email: job.email.toLowerCase() }]);
}

/** Returns the number of emails sent (0 or 1). */
export async function runLevelUpJob(deps: Deps, job: LevelUpJob): Promise<number> {
  const db = deps.db;
  const mine = and(eq(memberPoints.communityId, job.communityId), eq(memberPoints.email, job.email));
  const [claimed, ...aboutRows] = await db.batch([
    db
      .update(memberPoints)
      .set({ notifiedLevel: sql`${memberPoints.level}` })
      .where(and(mine, gt(memberPoints.level, memberPoints.notifiedLevel)))
      .returning({ level: memberPoints.level }),
    ...aboutQueries(db, job.postId),
  ]);
  const about = aboutFrom(aboutRows);
  if (!claimed[0] || !about || about.post.communityId !== job.communityId) return 0;
  // One notification per person, kind and post: a notice of an earlier level about the same post
  // gives way to this one.
  await db.delete(notifications).where(and(eq(notifications.email, job.email), eq(notifications.kind, "level_up"), eq(notifications.postId, job.postId)));
  return deliver(deps, about, [{ email: job.email, kind: "level_up" }], job.actorEmail);
}
