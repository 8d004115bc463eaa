import type { Post } from "../../drizzle";
import { formatDateTime } from "../ui/format";
import type { ThreadDetail } from "./threads";
import { pollClosed, resultsVisible } from "./votes";

/** Pieces of the thread page: reactions, the poll, author and staff controls. Plain forms, no script. */

export interface ThreadViewer {
  email: string;
  staff: boolean;
  muted: boolean;
}

export function PollBox({ action, poll, viewer, now, canVote }: { action: string; poll: NonNullable<ThreadDetail["poll"]>; viewer: ThreadViewer; now: Date; canVote: boolean }) {
  const closed = pollClosed(poll, now);
  const voted = poll.mine.length > 0;
  const showResults = resultsVisible(poll, voted, viewer.staff, now);
  const total = poll.options.reduce((s, o) => s + o.voteCount, 0);
  return (
    <section class="card" aria-labelledby="poll-h" id="poll">
      <h2 id="poll-h">{poll.question}</h2>
      <p class="muted">
        {poll.kind === "multiple" ? "Several choices" : "One choice"} · {poll.voterCount} {poll.voterCount === 1 ? "voter" : "voters"}
        {poll.closesAt ? ` · ${closed ? "closed" : "closes"} ${formatDateTime(poll.closesAt)}` : ""}
      </p>
      {showResults ? (
        <ul style="list-style:none;padding:0" aria-label="Results">
          {poll.options.map((o) => {
            const pct = total ? Math.round((o.voteCount / total) * 100) : 0;
            return (
              <li style="margin:.4rem 0">
                {o.label}: <strong>{o.voteCount}</strong> ({pct}%){poll.mine.includes(o.id) ? " · your choice" : ""}
                <div style={`height:.4rem;background:var(--info-bg);border-radius:4px`}>
                  <div style={`height:.4rem;width:${pct}%;background:var(--brand);border-radius:4px`} />
                </div>
              </li>
            );
          })}
        </ul>
      ) : (
        <p class="muted">{poll.results === "after_close" ? "Results show once the poll closes." : "Results show once you vote."}</p>
      )}
      {closed ? (
        <p class="notice">This poll has closed.</p>
      ) : canVote ? (
        <form method="post" action={action}>
          <fieldset>
            <legend>{voted ? "Change your vote" : "Your vote"}</legend>
            {poll.options.map((o) => (
              <label class="choice">
                <input type={poll.kind === "multiple" ? "checkbox" : "radio"} name="options" value={o.id} checked={poll.mine.includes(o.id)} /> {o.label}
              </label>
            ))}
          </fieldset>
          <button class="btn small" type="submit">
            {voted ? "Change vote" : "Vote"}
          </button>
        </form>
      ) : null}
    </section>
  );
}

/** The author's edit (within the window) and delete, and staff's pin and lock for threads. */
export function PostControls({ base, post, viewer, editUntil, now }: { base: string; post: Post; viewer: ThreadViewer; editUntil: Date; now: Date }) {
  const mine = post.authorEmail === viewer.email.toLowerCase();
  const action = `${base}/p/${post.id}`;
  const editable = mine && !viewer.muted && now <= editUntil && post.status !== "removed";
  return (
    <div class="actions">
      {editable ? (
        <details>
          <summary>Edit</summary>
          <form method="post" action={`${action}/edit`}>
            {post.parentId ? null : (
              <div class="field">
                <label for={`edit-title-${post.id}`}>Title (optional)</label>
                <input type="text" id={`edit-title-${post.id}`} name="title" value={post.title ?? ""} maxlength={200} />
              </div>
            )}
            <div class="field">
              <label for={`edit-body-${post.id}`}>Text</label>
              <textarea id={`edit-body-${post.id}`} name="body" rows={5} required>
                {post.body}
              </textarea>
            </div>
            <p class="hint">You can edit until {formatDateTime(editUntil)}.</p>
            <button class="btn small" type="submit">
              Save
            </button>
          </form>
        </details>
      ) : null}
      {mine ? (
        <form method="post" action={`${action}/delete`}>
          <button class="btn small danger" type="submit">
            Delete {post.parentId ? "reply" : "post"}
          </button>
        </form>
      ) : null}
      {!mine && !viewer.staff && post.status === "visible" ? (
        <details>
          <summary>Report</summary>
          {/* Moderation's report route (src/moderation/routes.tsx): the team sees it in the moderation queue. */}
          <form method="post" action={`${base}/report`}>
            <input type="hidden" name="post_id" value={post.id} />
            <div class="field">
              <label for={`report-${post.id}`}>What is wrong with this {post.parentId ? "reply" : "post"}?</label>
              <textarea id={`report-${post.id}`} name="reason" rows={2} maxlength={500} required></textarea>
            </div>
            <button class="btn small secondary" type="submit">
              Send report
            </button>
          </form>
        </details>
      ) : null}
      {viewer.staff && !post.parentId
        ? ([
            ["pin", !!post.pinnedAt, "Unpin", "Pin"],
            ["lock", !!post.lockedAt, "Unlock", "Lock"],
          ] as const).map(([path, on, undo, doIt]) => (
            <form method="post" action={`${action}/${path}`}>
              <input type="hidden" name="on" value={on ? "0" : "1"} />
              <button class="btn small secondary" type="submit">
                {on ? undo : doIt}
              </button>
            </form>
          ))
        : null}
    </div>
  );
}

/** The marker a held or removed post carries for the few who see it. */
export function StatusNote({ post }: { post: Post }) {
  if (post.status === "held") return <p class="notice warn">Waiting for a moderator: only you and the team see this until it is approved.</p>;
  if (post.status === "removed") return <p class="notice bad">Removed by a moderator{post.removedReason ? `: ${post.removedReason}` : ""}. Only its author and the team see this.</p>;
  return null;
}
