import { and, asc, eq, gt, inArray, isNull, lte } from "drizzle-orm";
import { pollVotes, polls } from "../../drizzle";
import type { Deps } from "../env";
import { CRON_BATCH, type Db } from "../lib/db";
import type { Enqueue } from "../lib/queue";
import { deliver, DELIVER_MAX } from "./deliver";
import { aboutFrom, aboutQueries, pageQueries } from "./post-written";

/**
 * "Poll closed": the cron claims polls whose closing time has passed (closed_notified_at set in
 * the same conditional update that finds them, so two runs claim each poll once) and queues a
 * job per poll; the job tells the poll's author and its voters, a keyset page of voters at a
 * time, each full page queueing the next.
 */

export interface PollClosedJob {
  kind: "poll-closed";
  postId: string;
  /** A continuation carries the last voter already handled. */
  votersAfter?: string;
}

export async function claimClosedPolls(deps: Pick<Deps, "db" | "now">, enqueue: Enqueue<PollClosedJob>): Promise<number> {
  const { db } = deps;
  const now = deps.now();
  const due = db
    .select({ postId: polls.postId })
    .from(polls)
    .where(and(isNull(polls.closedNotifiedAt), lte(polls.closesAt, now)))
    .orderBy(asc(polls.closesAt))
    .limit(CRON_BATCH);
  const claimed = await db
    .update(polls)
    .set({ closedNotifiedAt: now })
    .where(and(inArray(polls.postId, due), isNull(polls.closedNotifiedAt)))
    .returning({ postId: polls.postId });
  await enqueue(claimed.map((p) => ({ kind: "poll-closed", postId: p.postId })));
  return claimed.length;
}

export function votersPage(db: Db, postId: string, after: string | null) {
  return db
    .selectDistinct({ email: pollVotes.email })
    .from(pollVotes)
    .where(and(eq(pollVotes.postId, postId), after ? gt(pollVotes.email, after) : undefined))
    .orderBy(asc(pollVotes.email))
    .limit(DELIVER_MAX);
}

export async function runPollClosedJob(deps: Deps, job: PollClosedJob, enqueue: Enqueue<PollClosedJob>): Promise<number> {
  const { db } = deps;
  const [post, thread, space, community, page, notified] = await db.batch([...aboutQueries(db, job.postId), ...pageQueries(db, job.postId, votersPage(db, job.postId, job.votersAfter ?? null))]);
  const about = aboutFrom([post, thread, space, community]);
  if (!about) return 0;
  const emails = page.map((r) => r.email);
  if (emails.length === DELIVER_MAX) await enqueue([{ kind: "poll-closed", postId: job.postId, votersAfter: emails.at(-1)! }]);
  const author = about.post.authorEmail;
  const sent = job.votersAfter === undefined ? await deliver(deps, about, [{ email: author, kind: "poll_closed" }], null) : 0;
  const done = new Set([author, ...notified.map((n) => n.email)]);
  const voters = emails.filter((e) => !done.has(e)).map((email) => ({ email, kind: "poll_closed" as const }));
  return sent + (await deliver(deps, about, voters, null));
}
