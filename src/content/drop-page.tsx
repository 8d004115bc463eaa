import type { Comment, Community, Drop, DropFile } from "../../drizzle";
import { formatDateTime } from "../ui/format";
import { Layout, page } from "../ui/layout";
import { renderMarkdown } from "../ui/markdown";
import { Avatar } from "../profiles/page";
import { nameLabel, type DisplayName } from "../profiles/names";
import type { Target } from "./drop-rows";
import { daysText } from "./form";
import { REACTIONS } from "./schemas";
import { commentCountLabel, type CommentPage } from "./interaction";

/** The drop page members read, and (with `preview`) exactly the same page for the authors. */

export interface DropPageProps {
  community: Community;
  drop: Drop;
  targets: Target[];
  unlockAt: Date;
  files: DropFile[];
  /** One page of the comments, oldest first (`commentsWithNames`). */
  comments: Comment[];
  /** How each comment's author is named (`displayNames`); members never see an email. */
  names: Map<string, DisplayName>;
  /** The drop's comment count (capped) and the cursors of the pages either side of this one. */
  commentNav: Pick<CommentPage, "total" | "earlier" | "later">;
  reactions: { counts: Record<string, number>; mine: Set<string> };
  viewer: { email: string; staff: boolean; muted: boolean };
  preview?: boolean;
  flash?: string | null;
}

const base = (community: Community, drop: Drop) => `/c/${community.slug}/drops/${drop.id}`;

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function Topics({ topics }: { topics: string[] }) {
  return (
    <>
      {topics.map((t) => (
        <span class="badge" style="margin-right:.3rem">
          {t}
        </span>
      ))}
    </>
  );
}

function Files({ community, drop, files }: Pick<DropPageProps, "community" | "drop" | "files">) {
  if (!files.length) return null;
  return (
    <section class="card" aria-labelledby="files-h">
      <h2 id="files-h">Files</h2>
      <ul>
        {files.map((f) => (
          <li>
            <a href={`${base(community, drop)}/files/${f.id}`}>{f.filename}</a> <span class="muted">({formatSize(f.size)})</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The fixed set of reactions as toggle buttons, one small form each (no script): drops and space posts alike. */
export function ReactionButtons({ action, reactions, disabled }: { action: string; reactions: { counts: Record<string, number>; mine: Set<string> } | undefined; disabled: boolean }) {
  return (
    <div class="actions" aria-label="Reactions" role="group">
      {REACTIONS.map((r) => {
        const n = reactions?.counts[r.key] ?? 0;
        const on = reactions?.mine.has(r.key) ?? false;
        return (
          <form method="post" action={action}>
            <input type="hidden" name="emoji" value={r.key} />
            {/* The name is built from the content ("Love 2"), so it always contains what the button shows. */}
            <button type="submit" class={on ? "btn small" : "btn small secondary"} aria-pressed={on ? "true" : "false"} title={r.label} disabled={disabled}>
              <span aria-hidden="true">{r.emoji}</span>
              <span class="visually-hidden">{r.label}</span> <span class="count">{n}</span>
            </button>
          </form>
        );
      })}
    </div>
  );
}

function Reactions({ community, drop, reactions, viewer, preview }: DropPageProps) {
  return <ReactionButtons action={`${base(community, drop)}/reactions`} reactions={reactions} disabled={!!preview || viewer.muted} />;
}

function CommentItem({ community, drop, comment, name, viewer }: { community: Community; drop: Drop; comment: Comment; name: DisplayName; viewer: DropPageProps["viewer"] }) {
  return (
    <li class="card" id={comment.id}>
      <p class="muted" style="display:flex;gap:.5rem;align-items:center;flex-wrap:wrap">
        <Avatar shown={name} size={28} />
        <span>
          <strong>{nameLabel(name)}</strong>
          {/* Staff may need to know exactly who wrote it (to mute or remove them); members never see an email. */}
          {viewer.staff ? ` (${comment.email})` : ""} · {formatDateTime(comment.createdAt)}
        </span>
      </p>
      <div class="prose" dangerouslySetInnerHTML={{ __html: renderMarkdown(comment.body) }} />
      {viewer.staff ? (
        <div class="actions">
          <form method="post" action={`${base(community, drop)}/comments/${comment.id}/delete`}>
            <button class="btn small danger" type="submit">Delete comment</button>
          </form>
          {comment.email !== viewer.email ? (
            <form method="post" action={`/c/${community.slug}/admin/content/mutes`}>
              <input type="hidden" name="email" value={comment.email} />
              <input type="hidden" name="reason" value={`Muted from a comment on "${drop.title}"`} />
              <input type="hidden" name="back" value={drop.id} />
              <button class="btn small secondary" type="submit">Mute {name.name}</button>
            </form>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}

function Comments(props: DropPageProps) {
  const { community, drop, comments, names, commentNav, viewer, preview } = props;
  const { earlier, later } = commentNav;
  // Query-only links, so the authors' preview pages its comments on its own path.
  const pager = (where: string) =>
    earlier || later ? (
      <nav aria-label={`Comment pages, ${where}`} class="pager">
        {earlier ? (
          <span>
            <a href="?after=#comments">⇤ First comments</a> · <a href={`?before=${encodeURIComponent(earlier)}#comments`}>← Earlier comments</a>
          </span>
        ) : (
          <span />
        )}
        {later ? <a href={`?after=${encodeURIComponent(later)}#comments`}>Later comments →</a> : null}
      </nav>
    ) : null;
  return (
    <section aria-labelledby="comments-h" id="comments">
      <h2 id="comments-h">Comments ({commentCountLabel(commentNav.total)})</h2>
      {pager("above the comments")}
      <ul style="list-style:none;padding:0">
        {comments.map((c) => (
          <CommentItem community={community} drop={drop} comment={c} name={names.get(c.email) ?? { name: "Member", avatarUrl: null, chosen: false, level: 1, badges: [] }} viewer={viewer} />
        ))}
      </ul>
      {comments.length > 10 ? pager("below the comments") : null}
      {viewer.muted ? (
        <p class="notice warn">You are muted in this community: you can read, but not comment or react.</p>
      ) : (
        <form method="post" action={`${base(community, drop)}/comments`} class="card">
          <label for="comment-body">Your comment</label>
          <p class="hint" id="comment-hint">Markdown works: **bold**, *italic*, [links](https://example.com).</p>
          <textarea id="comment-body" name="body" rows={4} maxlength={5000} required aria-describedby="comment-hint" disabled={preview} />
          <div class="actions">
            <button class="btn" type="submit" disabled={preview}>Post comment</button>
          </div>
        </form>
      )}
    </section>
  );
}

function Banner({ drop, preview, targets }: Pick<DropPageProps, "drop" | "preview" | "targets">) {
  if (!preview && drop.status !== "draft") return null;
  const plan = targets.map((t) => `${t.tierName} ${t.offsetHours ? `after ${daysText(t.offsetHours / 24)}` : "at once"}`).join(", ") || "no tiers yet";
  return (
    <div class="notice warn" role="status">
      {preview ? "Preview: this is the page members see. " : ""}
      Status: {drop.status}. {drop.publishAt ? `Publishes ${formatDateTime(drop.publishAt)}; ` : "No publish time; "}
      tiers: {plan}
      {drop.dripDays != null ? `; drip ${drop.dripDays} days after joining` : ""}.
    </div>
  );
}

export function DropPage(props: DropPageProps) {
  const { community, drop, unlockAt, flash } = props;
  const shownAt = drop.publishAt && unlockAt < drop.publishAt ? drop.publishAt : unlockAt;
  return (
    <Layout title={`${drop.title} · ${community.name}`}>
      <p class="muted">
        <a href={`/c/${community.slug}/home`}>← {community.name}</a>
      </p>
      <Banner drop={drop} preview={props.preview} targets={props.targets} />
      {flash ? <div class="notice ok" role="status">{flash}</div> : null}
      <article>
        <h1>{drop.title}</h1>
        <p class="muted">
          {drop.publishAt ? formatDateTime(shownAt) : "Not scheduled"} <Topics topics={drop.topics} />
        </p>
        <div class="prose card" data-testid="drop-body" dangerouslySetInnerHTML={{ __html: renderMarkdown(drop.body) }} />
      </article>
      <Files community={community} drop={drop} files={props.files} />
      <Reactions {...props} />
      <Comments {...props} />
    </Layout>
  );
}

/** What a member sees of a drop that opens for their tier later: the title and the date, nothing else. */
export function renderTeaser(community: Community, drop: Pick<Drop, "title" | "topics">, unlockAt: Date): string {
  return page(
    <Layout title={`${drop.title} · ${community.name}`}>
      <p class="muted">
        <a href={`/c/${community.slug}/home`}>← {community.name}</a>
      </p>
      <h1>{drop.title}</h1>
      <p>
        <Topics topics={drop.topics} />
      </p>
      <div class="notice" role="status">
        Coming for your tier on {formatDateTime(unlockAt)}.
      </div>
    </Layout>,
  );
}

export const renderDropPage = (props: DropPageProps) => page(<DropPage {...props} />);
