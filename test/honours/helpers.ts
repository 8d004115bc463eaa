import { and, eq } from "drizzle-orm";
import { memberPoints, pointAwards, type Community, type Post, type Space } from "../../drizzle";
import type { LevelUpJob } from "../../src/honours/level-up";
import type { Enqueue } from "../../src/lib/queue";
import { addReaction, removeReaction } from "../../src/spaces/reactions";
import { tools } from "../helpers";
import { writeContext } from "../spaces/helpers";

/** Collects level-up jobs instead of queueing them. */
export function levelJobs(): { jobs: LevelUpJob[]; enqueue: Enqueue<LevelUpJob> } {
  const jobs: LevelUpJob[] = [];
  return { jobs, enqueue: async (js) => void jobs.push(...js) };
}

export async function react(community: Community, space: Space, email: string, post: Post, emoji = "thumbsup", enqueue = levelJobs().enqueue) {
  const { deps } = tools();
  await addReaction(deps, enqueue, await writeContext(community, space, email), post, { emoji });
}

export async function unreact(community: Community, space: Space, email: string, post: Post, emoji = "thumbsup") {
  const { deps } = tools();
  await removeReaction(deps, await writeContext(community, space, email), post, { emoji });
}

/** A member's totals row (zeros when they never earned anything). */
export async function pointsOf(community: Community, email: string) {
  const { deps } = tools();
  const row = await deps.db.select().from(memberPoints).where(and(eq(memberPoints.communityId, community.id), eq(memberPoints.email, email))).get();
  return row ?? { points: 0, points7d: 0, points30d: 0, level: 1, notifiedLevel: 1 };
}

export async function awardsOf(community: Community, email: string) {
  const { deps } = tools();
  return deps.db.select().from(pointAwards).where(and(eq(pointAwards.communityId, community.id), eq(pointAwards.email, email)));
}
