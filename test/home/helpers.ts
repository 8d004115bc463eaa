import { eq } from "drizzle-orm";
import { bans, memberships, mutes, type Community, type Post, type Space } from "../../drizzle";
import { submitApplication } from "../../src/applications/service";
import { setStaffRole } from "../../src/communities/service";
import { createDrop } from "../../src/content/drops";
import { createPost, createReply } from "../../src/spaces/posts";
import { signIn, tools } from "../helpers";
import { collect, OWNER, spaceCommunity, writeContext } from "../spaces/helpers";

/**
 * A community with every role the access matrix asks about, each signed in: Member, Core, a
 * member past due inside and outside the grace period, removed, banned, muted, an applicant, a
 * moderator and the owner. Member rows are inserted directly (see spaceCommunity).
 */
export const ROLES = ["visitor", "applicant", "member", "core", "grace", "lapsed", "removed", "banned", "muted", "moderator", "owner"] as const;
export type Role = (typeof ROLES)[number];
export const DAY = 86_400_000;

export async function roleCommunity() {
  const { deps } = tools();
  const base = await spaceCommunity({ members: 6, core: 1 });
  const { community } = base;
  const now = deps.now().getTime();
  const emails: Record<Role, string | null> = {
    visitor: null,
    applicant: `${community.slug}-applicant@example.com`,
    member: base.member(1),
    core: base.coreMember(1),
    grace: base.member(2),
    lapsed: base.member(3),
    removed: base.member(4),
    banned: base.member(5),
    muted: base.member(6),
    moderator: `${community.slug}-mod@example.com`,
    owner: OWNER,
  };
  const set = (email: string, values: Partial<typeof memberships.$inferInsert>) => deps.db.update(memberships).set(values).where(eq(memberships.email, email));
  await set(emails.grace!, { status: "past_due", pastDueSince: new Date(now - DAY) });
  await set(emails.lapsed!, { status: "past_due", pastDueSince: new Date(now - 30 * DAY) });
  await set(emails.removed!, { status: "removed", endedAt: new Date(now), endedReason: "Spam" });
  await set(emails.banned!, { status: "removed", endedAt: new Date(now), endedReason: "Banned" });
  await deps.db.insert(bans).values({ communityId: community.id, email: emails.banned!, reason: "Harassment", actor: OWNER, createdAt: new Date(now) });
  await deps.db.insert(mutes).values({ communityId: community.id, email: emails.muted!, until: null, reason: "Cool off", actor: OWNER, createdAt: new Date(now) });
  await submitApplication(deps, community, { name: "Ann Applicant", email: emails.applicant!, acceptRules: true, answers: {} });
  await setStaffRole(deps, community.id, emails.moderator!, "moderator");
  const cookies = {} as Record<Role, string | undefined>;
  for (const role of Object.keys(emails) as Role[]) cookies[role] = emails[role] ? await signIn(emails[role]!) : undefined;
  return { ...base, emails, cookies };
}

/** A thread written at a chosen moment (the domain function with a moved clock). */
export async function postAt(community: Community, space: Space, email: string, at: Date, input: Record<string, unknown>): Promise<Post> {
  const { deps } = tools();
  return createPost({ ...deps, now: () => at }, collect().enqueue, await writeContext(community, space, email), input);
}

export async function replyAt(community: Community, space: Space, email: string, thread: Post, at: Date, body: string): Promise<Post> {
  const { deps } = tools();
  return createReply({ ...deps, now: () => at }, collect().enqueue, await writeContext(community, space, email), thread, { body });
}

/** A drop for the given tiers (offset hours each), published now. */
export async function dropFor(community: Community, title: string, body: string, targets: { tierId: string; offsetHours: number }[], publishAt?: Date) {
  const { deps } = tools();
  const created = await createDrop(deps, community, { title, body, status: "scheduled", publishAt: (publishAt ?? deps.now()).toISOString(), targets }, OWNER);
  return created.drop;
}
