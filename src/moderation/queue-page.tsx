import type { Community } from "../../drizzle";
import type { StaffAccess } from "../auth/roles";
import { AdminLayout } from "../communities/admin-layout";
import { formatDateTime } from "../ui/format";
import { renderMarkdown } from "../ui/markdown";
import { excerpt } from "./excerpt";
import type { ModerationQueue, QueueItem, QueuePage } from "./queue";
import { threadLink } from "./report-page";
import { canManage } from "../communities/admin-context";

/** The moderation queue: reported posts and held posts, each with what staff can do about it. */

export interface QueuePageProps {
  community: Community;
  role: StaffAccess;
  queue: ModerationQueue;
  cursors: { reported?: string; held?: string };
  flash?: string | null;
  error?: string | null;
}

const HELD_REASONS: Record<string, string> = { first_posts: "One of a new member's first posts", links: "A link from a new member" };

function ReasonForm({ action, label, id, required, hint, children }: { action: string; label: string; id: string; required?: boolean; hint?: string; children?: unknown }) {
  return (
    <form method="post" action={action} class="field">
      <label for={id}>{label}</label>
      {hint ? (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <input id={id} name="reason" type="text" maxlength={1000} required={required} aria-describedby={hint ? `${id}-hint` : undefined} />
      {children}
    </form>
  );
}

function Item({ community, role, item }: { community: Community; role: StaffAccess; item: QueueItem }) {
  const { post } = item;
  const act = (name: string) => `/c/${community.slug}/admin/moderation/posts/${post.id}/${name}`;
  const kind = post.parentId ? "Reply" : "Thread";
  const headingId = `item-${post.id}`;
  return (
    <li class="card">
      <h3 id={headingId}>
        {kind} in {item.space.name}
        {post.title ? `: ${post.title}` : ""}
      </h3>
      <p class="muted">
        By {item.authorName} <span>({post.authorEmail})</span> · {formatDateTime(post.createdAt)}
        {post.status === "held" ? (
          <>
            {" "}
            · <span class="badge held">held: {HELD_REASONS[post.heldReason ?? ""] ?? "waiting"}</span>
          </>
        ) : null}
        {post.status === "removed" ? <span class="badge rejected"> removed</span> : null}
        {post.deletedAt ? <span class="badge"> deleted by the author</span> : null}
      </p>
      <p>{excerpt(post.body)}</p>
      <details>
        <summary>Whole post</summary>
        <div class="prose" dangerouslySetInnerHTML={{ __html: renderMarkdown(post.body) }} />
        {post.status === "visible" && !post.deletedAt ? <a href={threadLink(community, item.space, post)}>Open in the space</a> : null}
      </details>
      {item.reports ? (
        <div>
          <p>
            <strong>
              {item.reports.count} {item.reports.count === 1 ? "report" : "reports"}
            </strong>{" "}
            since {formatDateTime(item.reports.firstAt)}:
          </p>
          <ul>
            {item.reports.reasons.map((r) => (
              <li>
                “{r.reason}” <span class="muted">({formatDateTime(r.at)})</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <div class="actions">
        {post.status === "held" ? (
          <form method="post" action={act("approve")}>
            <button type="submit" class="btn small">
              Approve<span class="visually-hidden"> {kind.toLowerCase()} by {item.authorName}</span>
            </button>
          </form>
        ) : null}
        {item.reports && post.status !== "held" ? (
          <form method="post" action={act("keep")}>
            <button type="submit" class="btn small secondary">
              Keep it<span class="visually-hidden"> ({kind.toLowerCase()} by {item.authorName})</span>
            </button>
          </form>
        ) : null}
      </div>
      {post.status !== "removed" ? (
        <ReasonForm action={act("remove")} id={`remove-${post.id}`} label="Reason for removing it" hint="The author sees this reason." required>
          <button type="submit" class="btn small danger">
            Remove post
          </button>
        </ReasonForm>
      ) : null}
      <details>
        <summary>Act on the author</summary>
        <ReasonForm action={act("mute")} id={`mute-${post.id}`} label="Reason for muting" hint="They keep reading but cannot post, reply, react or vote." required>
          <label for={`mute-days-${post.id}`}>Days (empty: until unmuted)</label>
          <input id={`mute-days-${post.id}`} name="days" type="text" inputmode="numeric" maxlength={3} />
          <button type="submit" class="btn small secondary">
            Mute author
          </button>
        </ReasonForm>
        {canManage(role) ? (
          <>
            <ReasonForm action={act("remove-member")} id={`remove-member-${post.id}`} label="Reason for removing the member" hint="Their access ends now and their subscription is cancelled." required>
              <button type="submit" class="btn small danger">
                Remove member
              </button>
            </ReasonForm>
            <ReasonForm action={act("ban")} id={`ban-${post.id}`} label="Reason for banning" hint="They lose access and cannot apply again." required>
              <button type="submit" class="btn small danger">
                Ban member
              </button>
            </ReasonForm>
          </>
        ) : null}
      </details>
    </li>
  );
}

function List({ title, id, empty, page, community, role, next }: { title: string; id: string; empty: string; page: QueuePage; community: Community; role: StaffAccess; next: string | null }) {
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {page.items.length ? (
        <ul style="list-style:none;padding:0">
          {page.items.map((item) => (
            <Item community={community} role={role} item={item} />
          ))}
        </ul>
      ) : (
        <p class="muted">{empty}</p>
      )}
      {next ? (
        <p>
          <a href={next}>Next page of {title.toLowerCase()}</a>
        </p>
      ) : null}
    </section>
  );
}

export function QueuePage({ community, role, queue, cursors, flash, error }: QueuePageProps) {
  const base = `/c/${community.slug}/admin/moderation`;
  const link = (q: Record<string, string | undefined | null>) => {
    const params = new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => !!e[1]));
    return `${base}?${params}`;
  };
  return (
    <AdminLayout community={community} role={role} title="Moderation" current="moderation" flash={flash} error={error}>
      <h1>Moderation</h1>
      <p class="lead">
        Posts members reported and posts waiting for approval. Removed posts disappear for everyone at once; their authors see your reason.
        {canManage(role) ? (
          <>
            {" "}
            <a href={`${base}/rules`}>Rules for new members and posting limits</a>
          </>
        ) : null}
      </p>
      <List
        title="Reported"
        id="reported-h"
        empty="No open reports."
        page={queue.reported}
        community={community}
        role={role}
        next={queue.reported.nextCursor ? link({ reported: queue.reported.nextCursor, held: cursors.held }) : null}
      />
      <List
        title="Held for approval"
        id="held-h"
        empty="Nothing is waiting for approval."
        page={queue.held}
        community={community}
        role={role}
        next={queue.held.nextCursor ? link({ reported: cursors.reported, held: queue.held.nextCursor }) : null}
      />
    </AdminLayout>
  );
}
