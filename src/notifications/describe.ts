import { eq, inArray, or, type SQLWrapper } from "drizzle-orm";
import { posts, spaces, type Community, type Event, type Notification, type NotificationKind, type Post, type Space } from "../../drizzle";
import { levelTitle, type Level } from "../honours/levels";
import { excerptOf } from "../content/emails";
import type { Db } from "../lib/db";

/**
 * What a notification says and where it leads, the same in the list, the API and emails. Built
 * only for someone who may read the post's space, from a post that is still visible.
 */

export interface Subject {
  community: Pick<Community, "slug" | "name">;
  space: Pick<Space, "slug" | "name">;
  /** The post the notification is about (a reply, a mentioning post, a poll's thread). */
  post: Pick<Post, "id" | "parentId" | "body">;
  thread: Pick<Post, "id" | "title" | "body">;
}

/** A post counts for notifications only while readers see it: visible and not deleted. */
export function isShown(post: Pick<Post, "status" | "deletedAt">): boolean {
  return post.status === "visible" && !post.deletedAt;
}

/** The thread page, anchored at the reply when the post is one. */
export function notificationPath(s: Subject): string {
  return `/c/${s.community.slug}/s/${s.space.slug}/t/${s.thread.id}${s.post.parentId ? `#p-${s.post.id}` : ""}`;
}

export function threadTitle(s: Pick<Subject, "thread">): string {
  return s.thread.title || excerptOf(s.thread.body, 60) || "a thread";
}

/** One line: who did what, where. `actor` is a display name, never an email. */
export function describe(kind: NotificationKind, actor: string, s: Pick<Subject, "thread">): string {
  const title = `“${threadTitle(s)}”`;
  switch (kind) {
    case "reply":
      return `${actor} replied to your post ${title}`;
    case "mention":
      return `${actor} mentioned you in ${title}`;
    case "thread_reply":
      return `${actor} replied in ${title}, a thread you follow`;
    case "poll_closed":
      return `The poll in ${title} has closed: see the results`;
    case "level_up":
      return `${actor} reacted to ${title} and lifted you to a new level`;
    case "event_promoted":
    case "event_cancelled":
      throw new Error(`describe: a ${kind} notification is about an event, not a post`);
  }
}

/**
 * What a notice without a post says (notices.ts): a seat that opened, an event cancelled, a level
 * reached. Null when its event is gone.
 */
export function noticeLookup(community: Pick<Community, "slug">, eventRows: Pick<Event, "id" | "title">[], levels: readonly Level[]) {
  const titles = new Map(eventRows.map((e) => [e.id, e.title]));
  return (n: Pick<Notification, "kind" | "eventId" | "level">): { text: string; excerpt: string; spaceName: string; path: string } | null => {
    if (n.kind === "level_up") return { text: `You reached ${levelTitle(levels, n.level ?? 1)}`, excerpt: "", spaceName: "Honours", path: `/c/${community.slug}/leaderboard` };
    const title = n.eventId ? titles.get(n.eventId) : undefined;
    if (!title) return null;
    const text = n.kind === "event_promoted" ? `A seat opened for you at “${title}”` : `“${title}” was cancelled`;
    return { text, excerpt: "", spaceName: "Events", path: `/c/${community.slug}/events/${n.eventId}` };
  };
}

/** A short plain-text excerpt of the post (the poll's thread for a closed poll). */
export function excerpt(s: Pick<Subject, "post">, max = 200): string {
  return excerptOf(s.post.body, max);
}

/**
 * The posts behind a list of notifications with their threads, and the community's spaces, for a
 * batch (at most 40 post ids: each is bound twice).
 */
export function subjectQueries(db: Db, communityId: string, postIds: string[] | SQLWrapper) {
  const ids = !Array.isArray(postIds) || postIds.length ? postIds : [""];
  return [
    db.select().from(posts).where(or(inArray(posts.id, ids), inArray(posts.id, db.select({ id: posts.parentId }).from(posts).where(inArray(posts.id, ids))))),
    db.select().from(spaces).where(eq(spaces.communityId, communityId)),
  ] as const;
}

/** A post's thread and space from those rows, or null unless post and thread are still shown. */
export function subjectLookup(postRows: Post[], spaceRows: Space[]) {
  const postsById = new Map(postRows.map((p) => [p.id, p]));
  const spacesById = new Map(spaceRows.map((s) => [s.id, s]));
  return (postId: string): { post: Post; thread: Post; space: Space } | null => {
    const post = postsById.get(postId);
    const thread = post && postsById.get(post.parentId ?? post.id);
    const space = post && spacesById.get(post.spaceId);
    return post && thread && space && isShown(post) && isShown(thread) ? { post, thread, space } : null;
  };
}
