import type { Community } from "../../drizzle";
import { Layout, page } from "../ui/layout";
import { feedPath } from "./calendar";
import type { EventListItem, EventWhen } from "./service";
import { EVENT_STYLES, PlaceText, priceLabel, seatsLabel, statusLabel, WhenText } from "./views";

/** The events list, upcoming or past, with the member's private calendar feed. */

export const eventsBase = (community: Pick<Community, "slug">) => `/c/${community.slug}/events`;

export function EventCards({ community, items }: { community: Community; items: EventListItem[] }) {
  return (
    <ul class="event-list" aria-label="Events">
      {items.map((e) => (
        <li class="card">
          <h3 style="margin:0 0 .3rem">
            <a href={`${eventsBase(community)}/${e.id}`}>{e.title}</a>
          </h3>
          <p class="event-meta">
            <WhenText event={e} />
          </p>
          <p class="event-meta muted">
            <PlaceText event={e} /> · {priceLabel(e)} · {seatsLabel(e, e.going)}
            {e.cancelledAt ? <span class="badge"> Cancelled</span> : statusLabel(e.myStatus) ? <span class="badge"> {statusLabel(e.myStatus)}</span> : null}
          </p>
        </li>
      ))}
    </ul>
  );
}

export interface EventsListProps {
  community: Community;
  when: EventWhen;
  items: EventListItem[];
  /** The page's own cursor (null on the first page) and the next one's (null on the last). */
  cursor: string | null;
  nextCursor: string | null;
  mayCreate: boolean;
  feedUrl: string | null;
  flash?: string | null;
}

export function renderEventsList({ community, when, items, cursor, nextCursor, mayCreate, feedUrl, flash }: EventsListProps): string {
  const base = eventsBase(community);
  const tab = (w: EventWhen, label: string) => (
    <a href={w === "upcoming" ? base : `${base}?when=past`} class={w === when ? "btn small" : "btn small secondary"} aria-current={w === when ? "page" : undefined}>
      {label}
    </a>
  );
  const first = when === "past" ? `${base}?when=past` : base;
  const pageHref = (next: string) => `${base}?${new URLSearchParams({ ...(when === "past" ? { when } : {}), cursor: next })}`;
  return page(
    <Layout title={`Events · ${community.name}`} styles={EVENT_STYLES}>
      <p class="muted">
        <a href={`/c/${community.slug}/home`}>← {community.name}</a>
      </p>
      <h1>Events</h1>
      {flash ? (
        <p class="notice" role="status">
          {flash}
        </p>
      ) : null}
      <nav aria-label="Which events" class="actions">
        {tab("upcoming", "Upcoming")} {tab("past", "Past")}{" "}
        <a href={`${base}/month`} class="btn small secondary">
          Month view
        </a>{" "}
        {mayCreate ? (
          <a href={`${base}/new`} class="btn small">
            New event
          </a>
        ) : null}
      </nav>
      <h2>{when === "upcoming" ? "Upcoming events" : "Past events"}</h2>
      {items.length ? <EventCards community={community} items={items} /> : <p class="muted">{when === "upcoming" ? "Nothing planned yet." : "No past events yet."}</p>}
      <nav aria-label="More events" class="pager">
        {cursor ? <a href={first}>{when === "past" ? "← Most recent" : "← Soonest"}</a> : null} {nextCursor ? <a href={pageHref(nextCursor)}>{when === "past" ? "Earlier →" : "Later →"}</a> : null}
      </nav>
      {feedUrl ? (
        <section class="card" aria-labelledby="feed-h">
          <h2 id="feed-h">Your calendar feed</h2>
          <p>Subscribe in your calendar app to see these events there. The address is private to you: anyone who has it sees what you see.</p>
          <p>
            <label for="feed-url">Feed address</label>
            <input id="feed-url" type="text" readonly value={feedUrl} />
          </p>
          <form method="post" action={`${base}/feed-token`}>
            <button type="submit" class="btn small secondary">
              Reset the address (the old one stops working)
            </button>
          </form>
        </section>
      ) : null}
    </Layout>,
  );
}

export { feedPath };
