import type * as z from "zod/mini";
import type { Community, Post, Space } from "../../drizzle";
import type { Config } from "../env";
import type { PollSchema, PostSchema, SpaceSchema, ThreadSchema } from "./api-schemas";
import { postPath, sightOf, type SpaceReader } from "./reader";
import type { PostWithAuthor, ThreadDetail } from "./threads";
import { pollClosed, resultsVisible } from "./votes";

/** The JSON shapes of spaces, posts and threads, as one reader may see them. */

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function spaceView(config: Pick<Config, "appUrl">, community: Pick<Community, "slug">, s: Space, canPost: boolean): z.input<typeof SpaceSchema> {
  return {
    id: s.id,
    slug: s.slug,
    name: s.name,
    description: s.description,
    emoji: s.emoji,
    position: s.position,
    readKind: s.readKind,
    readMinRank: s.readMinRank,
    readTierId: s.readTierId,
    readMinLevel: s.readMinLevel,
    postKind: s.postKind,
    postMinRank: s.postMinRank,
    postTierId: s.postTierId,
    threadCount: s.threadCount,
    lastPostAt: iso(s.lastPostAt),
    archivedAt: iso(s.archivedAt),
    canPost,
    url: `${config.appUrl}/c/${community.slug}/s/${s.slug}`,
  };
}

type Viewable = Pick<Post, "id" | "spaceId" | "parentId" | "title" | "body" | "authorEmail" | "status" | "removedReason" | "pinnedAt" | "lockedAt" | "editedAt" | "replyCount" | "reactionCount" | "createdAt" | "lastActivityAt"> & {
  authorName: string;
  deletedAt?: Date | null;
};

export function postView(config: Pick<Config, "appUrl">, r: SpaceReader, p: Viewable, reactions?: ThreadDetail["reactions"]): z.input<typeof PostSchema> {
  const sight = sightOf({ status: p.status, deletedAt: p.deletedAt ?? null, authorEmail: p.authorEmail }, r.viewer.email, r.rights.staff);
  const mine = reactions?.get(p.id);
  return {
    id: p.id,
    spaceId: p.spaceId,
    threadId: p.parentId,
    title: p.title,
    body: sight === "removed-notice" ? null : p.body,
    author: { name: p.authorName, me: p.authorEmail === r.viewer.email.toLowerCase() },
    status: p.status,
    removedReason: p.status === "removed" ? p.removedReason : null,
    pinnedAt: iso(p.pinnedAt),
    lockedAt: iso(p.lockedAt),
    editedAt: iso(p.editedAt),
    replyCount: p.replyCount,
    reactionCount: p.reactionCount,
    createdAt: p.createdAt.toISOString(),
    lastActivityAt: p.lastActivityAt.toISOString(),
    url: config.appUrl + postPath(r.community.slug, r.space.slug, p),
    ...(reactions ? { reactions: { counts: mine?.counts ?? {}, mine: [...(mine?.mine ?? [])] } } : {}),
  };
}

function pollView(poll: NonNullable<ThreadDetail["poll"]>, staff: boolean, now: Date): z.input<typeof PollSchema> {
  const shown = resultsVisible(poll, poll.mine.length > 0, staff, now);
  return {
    question: poll.question,
    kind: poll.kind,
    results: poll.results,
    closesAt: iso(poll.closesAt),
    closed: pollClosed(poll, now),
    voterCount: poll.voterCount,
    options: poll.options.map((o) => ({ id: o.id, label: o.label, votes: shown ? o.voteCount : null })),
    mine: poll.mine,
  };
}

export function threadView(config: Pick<Config, "appUrl">, r: SpaceReader, thread: PostWithAuthor, detail: ThreadDetail | null, now: Date): z.input<typeof ThreadSchema> {
  const base = `${config.appUrl}/c/${r.community.slug}/s/${r.space.slug}/t/${thread.id}`;
  return {
    thread: postView(config, r, thread, detail?.reactions),
    replies: (detail?.replies ?? []).map((p) => postView(config, r, p, detail?.reactions)),
    files: (detail?.files ?? []).map((f) => ({ id: f.id, filename: f.filename, contentType: f.contentType, size: f.size, url: `${base}/files/${f.id}` })),
    poll: detail?.poll ? pollView(detail.poll, r.rights.staff, now) : null,
    following: detail?.following ?? false,
  };
}
