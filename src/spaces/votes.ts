import { and, eq, inArray, sql } from "drizzle-orm";
import { pollOptions, polls, pollVotes, type Poll, type Post } from "../../drizzle";
import { recordActivity } from "../activity/record";
import type { Deps } from "../env";
import { AppError } from "../lib/errors";
import { parseOrThrow } from "../lib/validation";
import { refuseUnlessMayInteract, refuseUnlessVisible } from "./actions";
import type { WriteContext } from "./posts";
import { voteInputSchema } from "./thread-schemas";

/**
 * Poll votes: one set of choices per member per poll, changeable until the poll closes. A vote
 * replaces the member's previous choices and keeps poll_options.vote_count and polls.voter_count
 * in the same batch (one transaction), so the counts always equal the rows.
 */

export function pollClosed(poll: Pick<Poll, "closesAt">, now: Date): boolean {
  return !!poll.closesAt && poll.closesAt <= now;
}

/** Whether a person sees the counts: staff always; others after voting, or after the close when the poll says so. */
export function resultsVisible(poll: Pick<Poll, "results" | "closesAt">, voted: boolean, staff: boolean, now: Date): boolean {
  if (staff || pollClosed(poll, now)) return true;
  return poll.results === "after_vote" && voted;
}

export async function castVote(deps: Pick<Deps, "db" | "now">, ctx: WriteContext, thread: Post, raw: unknown): Promise<void> {
  const input = parseOrThrow(voteInputSchema, raw);
  refuseUnlessMayInteract(ctx, "vote");
  refuseUnlessVisible(thread);
  const db = deps.db;
  const [pollRows, optionRows] = await db.batch([
    db.select().from(polls).where(eq(polls.postId, thread.id)),
    db.select({ id: pollOptions.id }).from(pollOptions).where(eq(pollOptions.postId, thread.id)),
  ]);
  const poll = pollRows[0];
  if (!poll) throw AppError.notFound("Poll");
  const now = deps.now();
  if (pollClosed(poll, now)) throw AppError.conflict("This poll has closed: votes can no longer change");
  const known = new Set(optionRows.map((o) => o.id));
  if (input.options.some((o) => !known.has(o))) throw AppError.validation([{ field: "options", message: "Choose among this poll's options" }]);
  if (poll.kind === "single" && input.options.length > 1) throw AppError.validation([{ field: "options", message: "This poll takes one choice" }]);
  const email = ctx.access.email!.toLowerCase();
  const mine = and(eq(pollVotes.postId, thread.id), eq(pollVotes.email, email));
  const previous = db.select({ id: pollVotes.optionId }).from(pollVotes).where(mine);
  await db.batch([
    db.update(polls).set({ voterCount: sql`${polls.voterCount} + 1` }).where(and(eq(polls.postId, thread.id), sql`not exists ${previous}`)),
    db.update(pollOptions).set({ voteCount: sql`max(0, ${pollOptions.voteCount} - 1)` }).where(inArray(pollOptions.id, previous)),
    db.delete(pollVotes).where(mine),
    db.insert(pollVotes).values(input.options.map((optionId) => ({ postId: thread.id, optionId, email, createdAt: now }))),
    db.update(pollOptions).set({ voteCount: sql`${pollOptions.voteCount} + 1` }).where(inArray(pollOptions.id, input.options)),
    recordActivity(db, thread.communityId, email, now, "votes"),
  ]);
}
