import type { Community, Space } from "../../drizzle";
import { formatSize, ReactionButtons } from "../content/drop-page";
import { formatDateTime } from "../ui/format";
import { Layout, page } from "../ui/layout";
import { renderMarkdown } from "../ui/markdown";
import type { PostSight } from "./reader";
import { MAX_REPLY_BODY } from "./schemas";
import { spaceBase } from "./space-page";
import { PollBox, PostControls, StatusNote, type ThreadViewer } from "./thread-parts";
import type { PostWithAuthor, ThreadDetail } from "./threads";

/** A thread: the post, its file and poll, reactions, replies one level deep with anchors, the reply form. */

export interface ThreadPageProps {
  community: Community;
  space: Space;
  thread: PostWithAuthor;
  sight: PostSight;
  detail: ThreadDetail | null;
  viewer: ThreadViewer;
  /** null: the viewer may reply; else why not. */
  replyRefusal: string | null;
  editMinutes: number;
  now: Date;
  replyError?: string | null;
  replyBody?: string;
  /** The post the viewer has just reported, to thank them. */
  reported?: string | null;
}

function Byline({ post }: { post: PostWithAuthor }) {
  return (
    <p class="muted" style="margin:.2rem 0">
      <strong>{post.authorName}</strong> · {formatDateTime(post.createdAt)}
      {post.editedAt ? ` · edited ${formatDateTime(post.editedAt)}` : ""}
    </p>
  );
}

function RemovedNotice({ post }: { post: PostWithAuthor }) {
  return (
    <div class="notice bad" role="status">
      A moderator removed your {post.parentId ? "reply" : "post"}
      {post.removedReason ? `: ${post.removedReason}` : "."} Nobody else sees it.
    </div>
  );
}

export function ThreadPageView(props: ThreadPageProps) {
  const { community, space, thread, sight, detail, viewer, now } = props;
  const base = `${spaceBase(community, space)}/t/${thread.id}`;
  const editUntil = (p: { createdAt: Date }) => new Date(p.createdAt.getTime() + props.editMinutes * 60_000);
  const interact = !viewer.muted || viewer.staff;
  const title = thread.title || "Thread";
  return (
    <Layout title={`${title} · ${space.name} · ${community.name}`}>
      <p class="muted">
        <a href={`/c/${community.slug}/home`}>{community.name}</a> › <a href={spaceBase(community, space)}>{space.name}</a>
      </p>
      {props.reported ? (
        <p class="notice ok" role="status">
          Thank you: the team will look at your report.
        </p>
      ) : null}
      {sight === "removed-notice" || !detail ? (
        <>
          <h1>{title}</h1>
          <RemovedNotice post={thread} />
        </>
      ) : (
        <>
          <article id={`p-${thread.id}`}>
            <h1>
              {title} {thread.pinnedAt ? <span class="badge">Pinned</span> : null} {thread.lockedAt ? <span class="badge">Locked</span> : null}
            </h1>
            <Byline post={thread} />
            <StatusNote post={thread} />
            <div class="prose card" data-testid="post-body" dangerouslySetInnerHTML={{ __html: renderMarkdown(thread.body) }} />
            {detail.files.length ? (
              <ul aria-label="Files">
                {detail.files.map((f) => (
                  <li>
                    <a href={`${base}/files/${f.id}`}>{f.filename}</a> <span class="muted">({formatSize(f.size)})</span>
                  </li>
                ))}
              </ul>
            ) : null}
            {sight === "visible" ? <ReactionButtons action={`${base}/p/${thread.id}/react`} reactions={detail.reactions.get(thread.id)} disabled={!interact} /> : null}
            <PostControls base={base} post={thread} viewer={viewer} editUntil={editUntil(thread)} now={now} />
            {sight === "visible" ? (
              <form method="post" action={`${base}/follow`} class="actions">
                <input type="hidden" name="on" value={detail.following ? "0" : "1"} />
                <button class="btn small secondary" type="submit">
                  {detail.following ? "Unfollow thread" : "Follow thread"}
                </button>
              </form>
            ) : null}
          </article>
          {detail.poll ? <PollBox action={`${base}/vote`} poll={detail.poll} viewer={viewer} now={now} canVote={sight === "visible" && interact} /> : null}
          <Replies {...props} base={base} detail={detail} editUntil={editUntil} />
        </>
      )}
    </Layout>
  );
}

function Replies(props: ThreadPageProps & { base: string; detail: ThreadDetail; editUntil: (p: { createdAt: Date }) => Date }) {
  const { base, detail, viewer, now, thread, replyRefusal } = props;
  const interact = !viewer.muted || viewer.staff;
  const lockedOut = thread.lockedAt && !viewer.staff;
  return (
    <section aria-labelledby="replies-h" id="replies">
      <h2 id="replies-h">Replies ({thread.replyCount})</h2>
      <ol style="list-style:none;padding:0">
        {detail.replies.map((r) =>
          r.status === "removed" && !viewer.staff ? (
            <li id={`p-${r.id}`}>
              <RemovedNotice post={r} />
            </li>
          ) : (
            <li class="card" id={`p-${r.id}`}>
              <Byline post={r} />
              <StatusNote post={r} />
              <div class="prose" dangerouslySetInnerHTML={{ __html: renderMarkdown(r.body) }} />
              {r.status === "visible" ? <ReactionButtons action={`${base}/p/${r.id}/react`} reactions={detail.reactions.get(r.id)} disabled={!interact} /> : null}
              <PostControls base={base} post={r} viewer={viewer} editUntil={props.editUntil(r)} now={now} />
            </li>
          ),
        )}
      </ol>
      {props.sight !== "visible" ? null : replyRefusal ? (
        <p class="notice">{replyRefusal}.</p>
      ) : lockedOut ? (
        <p class="notice">This thread is locked: it takes no more replies.</p>
      ) : (
        <form method="post" action={`${base}/replies`} class="card" id="reply">
          {props.replyError ? (
            <p class="error" id="reply-error" role="alert">
              {props.replyError}
            </p>
          ) : null}
          <label for="reply-body">Your reply</label>
          <p class="hint" id="reply-hint">Markdown works: **bold**, *italic*, [links](https://example.com).</p>
          <textarea id="reply-body" name="body" rows={4} maxlength={MAX_REPLY_BODY} required aria-describedby={props.replyError ? "reply-hint reply-error" : "reply-hint"}>
            {props.replyBody ?? ""}
          </textarea>
          <div class="actions">
            <button class="btn" type="submit">
              Reply
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

export const renderThreadPage = (props: ThreadPageProps) => page(<ThreadPageView {...props} />);
