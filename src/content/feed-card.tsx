import type { Community, NotifyMode } from "../../drizzle";
import { formatDateTime } from "../ui/format";
import type { Feed } from "./feed";

/** The drop parts of the community front page (src/home): topic filter, teasers, the RSS link and the email choice. */

interface FeedCardProps {
  community: Community;
  feed: Feed;
  topic: string | null;
  feedUrl: string | null;
  mode: NotifyMode;
}

const MODES: { value: NotifyMode; label: string }[] = [
  { value: "each", label: "An email for each new drop" },
  { value: "weekly", label: "A weekly digest" },
  { value: "off", label: "No emails" },
];

export function TopicFilter({ community, feed, topic }: Pick<FeedCardProps, "community" | "feed" | "topic">) {
  if (!feed.topics.length) return null;
  const home = `/c/${community.slug}/home`;
  const link = (t: string | null, label: string) => (
    <a href={t ? `${home}?topic=${encodeURIComponent(t)}` : home} class={t === topic ? "btn small" : "btn small secondary"} aria-current={t === topic ? "page" : undefined}>
      {label}
    </a>
  );
  return (
    <nav aria-label="Filter by topic" class="actions">
      {link(null, "All topics")}
      {feed.topics.map((t) => link(t, t))}
    </nav>
  );
}

export function Teasers({ feed }: Pick<FeedCardProps, "feed">) {
  if (!feed.teasers.length) return null;
  return (
    <section aria-labelledby="teasers-h" data-testid="teasers">
      <h3 id="teasers-h">Coming soon</h3>
      <ul>
        {feed.teasers.map((it) => (
          <li>
            <strong>{it.drop.title}</strong> <span class="muted">— coming for your tier on {formatDateTime(it.unlockAt)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function Rss({ community, feedUrl }: Pick<FeedCardProps, "community" | "feedUrl">) {
  return (
    <section aria-labelledby="rss-h" id="rss">
      <h3 id="rss-h">Private RSS feed</h3>
      {feedUrl ? (
        <>
          <label for="rss-url">Your feed address (keep it private)</label>
          <input id="rss-url" type="text" readonly value={feedUrl} />
          <form method="post" action={`/c/${community.slug}/feed-token/revoke`} class="actions">
            <button class="btn small secondary" type="submit">Revoke feed link</button>
          </form>
        </>
      ) : (
        <form method="post" action={`/c/${community.slug}/feed-token`} class="actions">
          <button class="btn small secondary" type="submit">Create a private feed link</button>
        </form>
      )}
    </section>
  );
}

export function EmailChoice({ community, mode }: Pick<FeedCardProps, "community" | "mode">) {
  return (
    <form method="post" action={`/c/${community.slug}/notifications`} id="notify">
      <fieldset>
        <legend>Email me about new drops</legend>
        {MODES.map((m) => (
          <label class="choice" for={`notify-${m.value}`}>
            <input type="radio" id={`notify-${m.value}`} name="mode" value={m.value} checked={m.value === mode} />
            <span>{m.label}</span>
          </label>
        ))}
      </fieldset>
      <button class="btn small secondary" type="submit">Save email choice</button>
    </form>
  );
}
