import type { Community } from "../../drizzle";
import { EmailChoice, Rss, Teasers, TopicFilter } from "../content/feed-card";
import { Topics } from "../content/drop-page";
import type { Access } from "../memberships/access";
import { MembershipCard } from "../memberships/pages";
import { formatDateTime } from "../ui/format";
import { Layout, page } from "../ui/layout";
import { unreadLabel } from "../notifications/queries";
import { type FrontItem, type FrontPage, type FrontSort, type SpaceEntry } from "./front";

/**
 * The community's front page: the member's standing, the spaces they may read in a side list
 * with unread counts, and one feed of new threads and drops. On a phone the side list comes
 * first (it is first in the document), then the feed.
 */

export const HOME_STYLES = `
.front{display:grid;gap:1.2rem;grid-template-columns:15rem minmax(0,1fr);align-items:start}
.front>*{min-width:0}
.space-list{list-style:none;padding:0;margin:0}.space-list li{display:flex;justify-content:space-between;gap:.5rem;align-items:center;padding:.35rem 0;border-bottom:1px solid var(--line)}
.space-list li:last-child{border-bottom:0}.space-list a{text-decoration:none;font-weight:600;overflow-wrap:anywhere}
.feed-list{list-style:none;padding:0;margin:0}.feed-list>li{padding:.8rem 0;border-bottom:1px solid var(--line)}.feed-list>li:last-child{border-bottom:0}
.feed-list h3{margin:.2rem 0;font-size:1.05rem;overflow-wrap:anywhere}.feed-list p{margin:.2rem 0;overflow-wrap:anywhere}
.meta{font-size:.9rem;color:var(--muted)}
mark{background:#fff1a8;color:inherit;padding:0 .1em}
@media (max-width:760px){.front{grid-template-columns:1fr}}
`;

function SpaceList({ community, spaces, unreadNotifications }: { community: Community; spaces: SpaceEntry[]; unreadNotifications: number }) {
  return (
    <aside class="card" aria-labelledby="spaces-h" data-testid="spaces">
      <h2 id="spaces-h">Spaces</h2>
      {spaces.length ? (
        <ul class="space-list">
          {spaces.map((s) => (
            <li data-space={s.slug}>
              <a href={`/c/${community.slug}/s/${s.slug}`}>
                {s.emoji ? <span aria-hidden="true">{s.emoji} </span> : null}
                {s.name}
              </a>
              {s.unread > 0 ? (
                <span class="badge" data-testid="unread">
                  {unreadLabel(s.unread)}
                  <span class="visually-hidden"> unread</span>
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">No spaces yet.</p>
      )}
      <ul class="space-list" aria-label="You">
        <li>
          <a href={`/c/${community.slug}/notifications`}>
            <span aria-hidden="true">🔔</span> Notifications
          </a>
          {unreadNotifications > 0 ? (
            <span class="badge" data-testid="unread-notifications">
              {unreadLabel(unreadNotifications)}
              <span class="visually-hidden"> unread</span>
            </span>
          ) : null}
        </li>
        <li>
          <a href={`/c/${community.slug}/events`}>
            <span aria-hidden="true">📅</span> Events
          </a>
        </li>
        <li>
          <a href={`/c/${community.slug}/people`}>
            <span aria-hidden="true">👥</span> People
          </a>
        </li>
        <li>
          <a href={`/c/${community.slug}/search`}>
            <span aria-hidden="true">🔎</span> Search
          </a>
        </li>
        <li>
          <a href={`/c/${community.slug}/leaderboard`}>
            <span aria-hidden="true">🏆</span> Leaderboard
          </a>
        </li>
        <li>
          <a href={`/c/${community.slug}/gift`}>
            <span aria-hidden="true">🎁</span> Give a membership
          </a>
        </li>
      </ul>
    </aside>
  );
}

function Item({ community, item }: { community: Community; item: FrontItem }) {
  if (item.kind === "drop") {
    const shownAt = item.drop.publishAt && item.unlockAt < item.drop.publishAt ? item.drop.publishAt : item.unlockAt;
    return (
      <li data-kind="drop">
        <span class="badge">Drop</span>
        <h3>
          <a href={`/c/${community.slug}/drops/${item.drop.id}`}>{item.drop.title}</a>
        </h3>
        <p class="meta">
          {formatDateTime(shownAt)} <Topics topics={item.drop.topics} />
        </p>
      </li>
    );
  }
  const href = `/c/${community.slug}/s/${item.space.slug}/t/${item.id}`;
  return (
    <li data-kind="post" data-post={item.id}>
      <span class="badge">
        {item.space.emoji ? <span aria-hidden="true">{item.space.emoji} </span> : null}
        {item.space.name}
      </span>
      <h3>
        <a href={href}>{item.title || item.excerpt.slice(0, 80) || "Untitled post"}</a>
      </h3>
      {item.title && item.excerpt ? <p>{item.excerpt}</p> : null}
      <p class="meta">
        {item.author} · {formatDateTime(item.createdAt)} · {item.replies === 1 ? "1 reply" : `${item.replies} replies`}
        {item.reactions ? ` · ${item.reactions === 1 ? "1 reaction" : `${item.reactions} reactions`}` : ""}
      </p>
    </li>
  );
}

function homeHref(community: Community, q: { sort?: FrontSort; topic?: string | null; before?: string | null }): string {
  const params = new URLSearchParams();
  if (q.sort === "active") params.set("sort", "active");
  if (q.topic) params.set("topic", q.topic);
  if (q.before) params.set("before", q.before);
  const s = params.toString();
  return `/c/${community.slug}/home${s ? `?${s}` : ""}`;
}

function SortNav({ community, sort, topic }: { community: Community; sort: FrontSort; topic: string | null }) {
  const link = (value: FrontSort, label: string) => (
    <a href={homeHref(community, { sort: value, topic })} class={value === sort ? "btn small" : "btn small secondary"} aria-current={value === sort ? "page" : undefined}>
      {label}
    </a>
  );
  return (
    <nav aria-label="Order of the feed" class="actions">
      {link("new", "Newest")}
      {link("active", "Most active")}
    </nav>
  );
}

function Feed({ community, front, sort, topic, feedUrl }: { community: Community; front: FrontPage; sort: FrontSort; topic: string | null; feedUrl: string | null }) {
  return (
    <section class="card" aria-labelledby="feed-h">
      <h2 id="feed-h">Latest from {community.name}</h2>
      <SortNav community={community} sort={sort} topic={topic} />
      <TopicFilter community={community} feed={front.drops} topic={topic} />
      {front.items.length ? (
        <ul class="feed-list" data-testid="feed-items">
          {front.items.map((item) => (
            <Item community={community} item={item} />
          ))}
        </ul>
      ) : (
        <p class="muted">{topic ? `Nothing on ${topic} yet.` : "New posts and drops appear here."}</p>
      )}
      {front.next ? (
        <p>
          <a href={homeHref(community, { sort, topic, before: front.next })} rel="next">
            Older posts and drops
          </a>
        </p>
      ) : null}
      <Teasers feed={front.drops} />
      <Rss community={community} feedUrl={feedUrl} />
      <EmailChoice community={community} mode={front.notifyMode} activityMode={front.activityMode} />
    </section>
  );
}

export function renderFrontPage(props: { community: Community; access: Access; joined: boolean; front: FrontPage | null; sort: FrontSort; topic: string | null; appUrl: string }): string {
  const { community, access, joined, front, sort, topic } = props;
  const feedUrl = front?.feedToken ? `${props.appUrl}/c/${community.slug}/feed/${front.feedToken}.xml` : null;
  return page(
    <Layout title={`${community.name} · Home`} styles={HOME_STYLES}>
      <p class="muted">{community.name}</p>
      <h1>Member home</h1>
      <MembershipCard community={community} access={access} joined={joined} />
      {front ? (
        <div class="front">
          <SpaceList community={community} spaces={front.spaces} unreadNotifications={front.unreadNotifications} />
          <Feed community={community} front={front} sort={sort} topic={topic} feedUrl={feedUrl} />
        </div>
      ) : (
        <section class="card" aria-labelledby="feed-h">
          <h2 id="feed-h">Latest from {community.name}</h2>
          <p class="muted">New posts and drops appear here once your membership is active.</p>
        </section>
      )}
    </Layout>,
  );
}
