import type { ActivityMode, Community, NotifyMode } from "../../drizzle";
import { formatDateTime } from "../ui/format";
import type { Feed } from "./feed";

/** The drop parts of the community front page (src/home): topic filter, teasers, the RSS link and the email choice. */

interface FeedCardProps {
  community: Community;
  feed: Feed;
  topic: string | null;
  feedUrl: string | null;
  mode: NotifyMode;
  activityMode: ActivityMode;
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

const ACTIVITY_MODES: { value: ActivityMode; label: string }[] = [
  { value: "each", label: "One email each" },
  { value: "daily", label: "A daily digest" },
  { value: "off", label: "No activity emails" },
];

function Choices<T extends string>({ legend, name, idPrefix, options, value }: { legend: string; name: string; idPrefix: string; options: { value: T; label: string }[]; value: T }) {
  return (
    <fieldset>
      <legend>{legend}</legend>
      {options.map((m) => (
        <label class="choice" for={`${idPrefix}-${m.value}`}>
          <input type="radio" id={`${idPrefix}-${m.value}`} name={name} value={m.value} checked={m.value === value} />
          <span>{m.label}</span>
        </label>
      ))}
    </fieldset>
  );
}

export function EmailChoice({ community, mode, activityMode }: Pick<FeedCardProps, "community" | "mode" | "activityMode">) {
  return (
    <form method="post" action={`/c/${community.slug}/notifications`} id="notify">
      <Choices legend="Email me about new drops" name="mode" idPrefix="notify" options={MODES} value={mode} />
      <Choices legend="Email me about replies, mentions and closed polls" name="activity" idPrefix="activity" options={ACTIVITY_MODES} value={activityMode} />
      <button class="btn small secondary" type="submit">Save email choice</button>
    </form>
  );
}
