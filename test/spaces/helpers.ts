import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { memberships, spaceSettings, type Community, type Space, type Tier } from "../../drizzle";
import { accessFor } from "../../src/memberships/access";
import type { Enqueue } from "../../src/lib/queue";
import { createPost, createReply, type PostWrittenJob, type WriteContext } from "../../src/spaces/posts";
import { createSpace, loadSpace } from "../../src/spaces/service";
import { bulkMembers } from "../bulk";
import { tools } from "../helpers";
import { communityWithTiers } from "../memberships/helpers";

export const OWNER = "owner@example.com";

/**
 * A community with Member (rank 1) and Core (rank 2) tiers, three spaces (open, announcements
 * for staff only, and a core lounge only Core reads), and members inserted directly (comped,
 * active): `m1..mN` in Member, `c1..` in Core. Pages, API and jobs are tested through the worker;
 * these rows only save each file the Checkout round of every member.
 */
export async function spaceCommunity(opts: { members?: number; core?: number } = {}) {
  const { deps } = tools();
  const { community, member, core } = await communityWithTiers();
  const prefix = community.slug;
  await bulkMembers(env.DB, { communityId: community.id, tierId: member.id, count: opts.members ?? 3, prefix: `${prefix}-m`, joinedAt: new Date(deps.now().getTime() - 90 * 86_400_000) });
  await bulkMembers(env.DB, { communityId: community.id, tierId: core.id, count: opts.core ?? 1, prefix: `${prefix}-c`, joinedAt: new Date(deps.now().getTime() - 90 * 86_400_000) });
  const ask = await createSpace(deps, community.id, { name: "Ask the group", slug: "ask", description: "Questions, answered by members", emoji: "❓" });
  const news = await createSpace(deps, community.id, { name: "Announcements", slug: "news", emoji: "📣", postKind: "staff" });
  const lounge = await createSpace(deps, community.id, { name: "Core lounge", slug: "lounge", emoji: "🔥", readKind: "tier", readTierId: core.id, postKind: "tier", postTierId: core.id });
  const member1 = `${prefix}-m000001@example.com`;
  return { community, tiers: { member, core }, spaces: { ask, news, lounge }, member: (i: number) => `${prefix}-m${String(i).padStart(6, "0")}@example.com`, coreMember: (i: number) => `${prefix}-c${String(i).padStart(6, "0")}@example.com`, member1 };
}

/** Sets the community's moderation rules. */
export async function setSpaceSettings(community: Community, values: Partial<{ holdFirstPosts: number; holdLinksDays: number; postsPerHour: number; editMinutes: number }>) {
  const { deps } = tools();
  const row = { communityId: community.id, holdFirstPosts: 0, holdLinksDays: 0, postsPerHour: 20, editMinutes: 30, ...values, updatedAt: deps.now() };
  await deps.db.insert(spaceSettings).values(row).onConflictDoUpdate({ target: spaceSettings.communityId, set: row });
}

/** Moves a member's join date, for rules that depend on how new someone is. */
export async function setJoinedAt(community: Community, email: string, at: Date) {
  const { deps } = tools();
  await deps.db.update(memberships).set({ joinedAt: at }).where(eq(memberships.email, email));
}

/** The write context the routes build: the one access check, the space, the rules, the mute. */
export async function writeContext(community: Community, space: Space, email: string): Promise<WriteContext> {
  const { deps } = tools();
  const access = await accessFor(deps, community, email, deps.now());
  const loaded = await loadSpace(deps, community.id, space.slug, email);
  return { community, access, ...loaded };
}

/** Collects queued jobs instead of sending them. */
export function collect(): { jobs: PostWrittenJob[]; enqueue: Enqueue<PostWrittenJob> } {
  const jobs: PostWrittenJob[] = [];
  return { jobs, enqueue: async (js) => void jobs.push(...js) };
}

export async function post(community: Community, space: Space, email: string, input: Record<string, unknown>) {
  const { deps } = tools();
  return createPost(deps, collect().enqueue, await writeContext(community, space, email), input);
}

export async function reply(community: Community, space: Space, email: string, threadId: string, body: string) {
  const { deps } = tools();
  const thread = (await deps.db.query.posts.findFirst({ where: (t, { eq }) => eq(t.id, threadId) }))!;
  return createReply(deps, collect().enqueue, await writeContext(community, space, email), thread, { body });
}

export type { Tier };
