import type { Community, Drop, DropFile } from "../../drizzle";
import type { Deps } from "../env";
import { listDropFiles } from "./files";
import { commentPageFrom, commentPageReads, mutedRead, reactionReads, reactionsFrom, viewStatements, type CommentPage, type CommentsAt, type ReactionSummary } from "./interaction";

type Results<T extends readonly unknown[]> = { [K in keyof T]: Awaited<T[K]> };

export interface DropPageParts {
  files: DropFile[];
  commentPage: CommentPage;
  reactions: ReactionSummary;
  /** Whether the reader is muted in the community now (members read, but neither comment nor react). */
  muted: boolean;
}

/**
 * What a drop page shows beyond the drop itself, in one batch: its files, a page of comments with
 * their authors' names and the capped count, the reactions with the reader's own, and the
 * reader's mute; with `view`, the same batch counts the reader's view (`viewStatements`). The
 * caller has opened the drop for the reader (`gatedDropOf`), which on the drop page came with the
 * session's batch: so the page costs two round trips.
 */
export async function readDropPage(deps: Pick<Deps, "db" | "now">, community: Pick<Community, "id" | "slug">, drop: Pick<Drop, "id" | "communityId">, reader: { email: string; view: boolean }, at: CommentsAt): Promise<DropPageParts> {
  const db = deps.db;
  const reads = [listDropFiles(db, drop.id), ...commentPageReads(db, community.id, drop.id, at), ...reactionReads(db, drop.id, reader.email), mutedRead(deps, community.id, reader.email)] as const;
  // The view's writes come last, so the reads' results keep their places (and types).
  const [files, page, names, count, totals, own, muted] = (await db.batch([...reads, ...(reader.view ? viewStatements(deps, drop, reader.email) : [])])) as unknown as Results<typeof reads>;
  return {
    files,
    commentPage: commentPageFrom([page, names, count], community, at),
    reactions: reactionsFrom([totals, own]),
    muted: muted.length > 0,
  };
}
