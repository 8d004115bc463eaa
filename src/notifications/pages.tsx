import type { ActivityMode, Community } from "../../drizzle";
import { formatDateTime } from "../ui/format";
import { Layout, page } from "../ui/layout";
import { unreadLabel, type NotificationView } from "./queries";

/** The in-app notification list: newest first, unread marked, each opening (and marking read) its thread. */

export const ACTIVITY_MODE_TEXT: Record<ActivityMode, string> = {
  each: "an email for each",
  daily: "a daily digest",
  off: "no emails",
};

interface ListProps {
  community: Community;
  items: NotificationView[];
  unread: number;
  nextBefore: string | null;
  mode: ActivityMode;
  marked?: number;
}

function Item({ community, n }: { community: Community; n: NotificationView }) {
  const unread = !n.readAt;
  return (
    <li class="card" style={unread ? "border-left:4px solid var(--brand)" : undefined} data-testid="notification" data-unread={unread ? "true" : undefined}>
      <p>
        {unread ? (
          <>
            <span class="badge todo">New</span>{" "}
          </>
        ) : null}
        <a href={`/c/${community.slug}/notifications/${n.id}`}>
          {n.text}
          {unread ? <span class="visually-hidden"> (unread)</span> : null}
        </a>
      </p>
      {n.excerpt ? <p>{n.excerpt}</p> : null}
      <p class="muted">
        {n.spaceName} · {formatDateTime(n.createdAt)}
      </p>
    </li>
  );
}

export function renderNotifications({ community, items, unread, nextBefore, mode, marked }: ListProps): string {
  const base = `/c/${community.slug}/notifications`;
  return page(
    <Layout title={`Notifications · ${community.name}`}>
      <p class="muted">
        <a href={`/c/${community.slug}/home`}>{community.name}</a>
      </p>
      <h1>Notifications</h1>
      {marked != null ? (
        <p class="notice ok" role="status">
          Marked {marked} as read.
        </p>
      ) : null}
      <div class="actions">
        <p data-testid="unread">{unread ? `${unreadLabel(unread)} unread` : "Nothing unread"}</p>
        {unread ? (
          <form method="post" action={`${base}/read-all`}>
            <button class="btn small secondary" type="submit">
              Mark all as read
            </button>
          </form>
        ) : null}
      </div>
      {items.length ? (
        <ol aria-label="Notifications, newest first" style="list-style:none;padding:0">
          {items.map((n) => (
            <Item community={community} n={n} />
          ))}
        </ol>
      ) : (
        <p class="muted">Replies to your posts, mentions of you, replies in threads you follow, closed polls, seats opened for you, cancelled events and levels you reach appear here.</p>
      )}
      {nextBefore ? (
        <nav class="pager" aria-label="More notifications">
          <a href={`${base}?before=${encodeURIComponent(nextBefore)}`}>Older notifications</a>
        </nav>
      ) : null}
      <h2>Emails</h2>
      <p>
        You get {ACTIVITY_MODE_TEXT[mode]} about these. <a href={`/c/${community.slug}/home#notify`}>Change your email choice</a>
      </p>
    </Layout>,
  );
}
