import type { Child } from "hono/jsx";
import type { ActivityMode, Community, NotifyMode } from "../../drizzle";
import type { Deps } from "../env";
import type { Access } from "../memberships/access";
import { formatDateTime } from "../ui/format";
import { Topics } from "./drop-page";
import { feedFrom, feedReads, type Feed } from "./feed";
import { feedTokenQuery, prefsQuery } from "./prefs";
import { readerOf } from "./release";
import { topicSchema } from "./schemas";

/** The "Latest from" section of member home: the reader's feed, their RSS link and email choice. */

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

function TopicFilter({ community, feed, topic }: Pick<FeedCardProps, "community" | "feed" | "topic">) {
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

function Items({ community, feed, topic }: Pick<FeedCardProps, "community" | "feed" | "topic">) {
  if (!feed.items.length) return <p class="muted">{topic ? `Nothing on ${topic} yet.` : "New drops appear here when the team publishes them."}</p>;
  return (
    <ul data-testid="feed-items">
      {feed.items.map((it) => (
        <li>
          <a href={`/c/${community.slug}/drops/${it.drop.id}`}>{it.drop.title}</a>{" "}
          <span class="muted">{formatDateTime(it.drop.publishAt && it.unlockAt < it.drop.publishAt ? it.drop.publishAt : it.unlockAt)}</span> <Topics topics={it.drop.topics} />
        </li>
      ))}
    </ul>
  );
}

function Teasers({ feed }: Pick<FeedCardProps, "feed">) {
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

function Rss({ community, feedUrl }: Pick<FeedCardProps, "community" | "feedUrl">) {
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

function EmailChoice({ community, mode, activityMode }: Pick<FeedCardProps, "community" | "mode" | "activityMode">) {
  return (
    <form method="post" action={`/c/${community.slug}/notifications`} id="notify">
      <Choices legend="Email me about new drops" name="mode" idPrefix="notify" options={MODES} value={mode} />
      <Choices legend="Email me about replies, mentions and closed polls" name="activity" idPrefix="activity" options={ACTIVITY_MODES} value={activityMode} />
      <button class="btn small secondary" type="submit">Save email choice</button>
    </form>
  );
}

function FeedCard(props: FeedCardProps) {
  const { community, feed, topic } = props;
  return (
    <>
      <TopicFilter community={community} feed={feed} topic={topic} />
      <Items community={community} feed={feed} topic={topic} />
      {feed.nextBefore ? (
        <p>
          <a href={`/c/${community.slug}/home?before=${feed.nextBefore}${topic ? `&topic=${encodeURIComponent(topic)}` : ""}`}>Older drops</a>
        </p>
      ) : null}
      <Teasers feed={feed} />
      <Rss community={community} feedUrl={props.feedUrl} />
      <EmailChoice community={community} mode={props.mode} activityMode={props.activityMode} />
    </>
  );
}

/** The feed section for the person `access` describes, or undefined when they may read nothing. */
export async function homeFeed(deps: Deps, community: Community, access: Access, query: { topic?: string; before?: string }): Promise<Child | undefined> {
  const reader = readerOf(access);
  if (!reader || !access.email) return undefined;
  const parsed = topicSchema.safeParse(query.topic ?? "");
  const topic = parsed.success ? parsed.data : null;
  const { db } = deps;
  const now = deps.now();
  const opts = { topic, before: query.before ?? null };
  // The feed, the private feed address and the email choice in one round trip.
  const [drops, targets, topics, tokenRows, prefRows] = await db.batch([
    ...feedReads(db, community.id, reader, now, opts),
    feedTokenQuery(db, community.id, access.email),
    prefsQuery(db, community.id, access.email),
  ]);
  const feed = feedFrom([drops, targets, topics], reader, now, opts);
  const token = tokenRows[0]?.token;
  const prefs = prefRows[0];
  const feedUrl = token ? `${deps.config.appUrl}/c/${community.slug}/feed/${token}.xml` : null;
  return <FeedCard community={community} feed={feed} topic={topic} feedUrl={feedUrl} mode={prefs?.mode ?? "each"} activityMode={prefs?.activityMode ?? "each"} />;
}
