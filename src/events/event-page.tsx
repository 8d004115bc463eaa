import { raw } from "hono/html";
import type { Community, Event, EventRsvp } from "../../drizzle";
import { Layout, page } from "../ui/layout";
import { renderMarkdown } from "../ui/markdown";
import { eventsBase } from "./list-page";
import type { EventRights } from "./rights";
import { REFUND_WINDOW_MS } from "./rsvp";
import { EVENT_STYLES, PlaceText, priceLabel, seatsLabel, statusLabel, WhenText } from "./views";

/** One event: when and where (the whereabouts to people with a seat), answers, who is going or came. */

export interface EventPageProps {
  community: Community;
  event: Event;
  rights: EventRights;
  rsvp: EventRsvp | null;
  revealed: boolean;
  going: number;
  waitlisted: number;
  /** Display names of those going (a first page), or of those who came once it is over. */
  names: string[];
  /** Host only, once started: each seat holder, to mark who came. */
  roll: { id: string; name: string; attended: boolean }[] | null;
  started: boolean;
  ended: boolean;
  mayAnswer: boolean;
  flash: string | null;
}

function Whereabouts({ event, revealed }: { event: Event; revealed: boolean }) {
  if (event.kind === "online") {
    return revealed ? (
      <p>
        Join online: <a href={event.link}>{event.link}</a>
      </p>
    ) : (
      <p class="muted">Online. The join link shows here once you have a seat.</p>
    );
  }
  return revealed ? (
    <p>
      Address: {event.address}, {event.city}
    </p>
  ) : (
    <p class="muted">In {event.city}. The address shows here once you have a seat.</p>
  );
}

function Answer({ base, event, rsvp }: { base: string; event: Event; rsvp: EventRsvp | null }) {
  const status = rsvp?.status ?? null;
  const button = (value: string, label: string) => (
    <button type="submit" name="response" value={value} class={status === value ? "btn" : "btn secondary"} aria-pressed={status === value ? "true" : "false"}>
      {label}
    </button>
  );
  return (
    <section class="card" aria-labelledby="answer-h">
      <h2 id="answer-h">Your answer</h2>
      {statusLabel(status) ? (
        <p role="status" data-testid="rsvp-status">
          <strong>{statusLabel(status)}</strong>
          {status === "waitlisted" ? " — you get the next free seat and an email when it is yours." : null}
        </p>
      ) : null}
      <form method="post" action={`${base}/rsvp`} class="rsvp-buttons">
        {button("going", event.priceAmount > 0 ? `Going (${priceLabel(event)})` : "Going")}
        {button("maybe", "Maybe")}
        {button("not_going", status === "going" || status === "waitlisted" || status === "unpaid" ? "Cancel: not going" : "Not going")}
      </form>
      {status === "unpaid" ? (
        <form method="post" action={`${base}/pay`}>
          <p>
            <button type="submit" class="btn">
              Pay {priceLabel(event)} to confirm your seat
            </button>
          </p>
        </form>
      ) : null}
      {event.priceAmount > 0 ? <p class="hint">Cancelling at least {REFUND_WINDOW_MS / 3_600_000} hours before the start refunds your ticket in full; later cancellations are not refunded.</p> : null}
    </section>
  );
}

function Roll({ base, roll }: { base: string; roll: NonNullable<EventPageProps["roll"]> }) {
  return (
    <section class="card" aria-labelledby="roll-h">
      <h2 id="roll-h">Mark who came</h2>
      {roll.length ? (
        <form method="post" action={`${base}/attendance`}>
          {roll.map((r) => (
            <div class="field">
              <label class="choice" for={`came-${r.id}`}>
                <input type="checkbox" id={`came-${r.id}`} name="present" value={r.id} checked={r.attended} />
                <span>{r.name}</span>
              </label>
            </div>
          ))}
          <button type="submit" class="btn">
            Save attendance
          </button>
        </form>
      ) : (
        <p class="muted">Nobody had a seat.</p>
      )}
    </section>
  );
}

export function renderEventPage(p: EventPageProps): string {
  const { community, event, rights } = p;
  const base = `${eventsBase(community)}/${event.id}`;
  return page(
    <Layout title={`${event.title} · ${community.name}`} styles={EVENT_STYLES}>
      <p class="muted">
        <a href={eventsBase(community)}>← Events</a>
      </p>
      <h1>{event.title}</h1>
      {p.flash ? (
        <p class="notice" role="status">
          {p.flash}
        </p>
      ) : null}
      <p>
        <WhenText event={event} />
      </p>
      <p class="muted">
        <PlaceText event={event} /> · {priceLabel(event)} · {seatsLabel(event, p.going)}
        {p.waitlisted ? ` · ${p.waitlisted} on the waitlist` : ""}
      </p>
      <Whereabouts event={event} revealed={p.revealed} />
      <p class="actions">
        <a href={`${base}/event.ics`} class="btn small secondary">
          Add to calendar (.ics)
        </a>{" "}
        {rights.host && !p.started ? (
          <a href={`${base}/edit`} class="btn small secondary">
            Edit event
          </a>
        ) : null}
      </p>
      {p.started ? <p class="notice">This event has {p.ended ? "ended" : "started"}: answers are closed.</p> : p.mayAnswer ? <Answer base={base} event={event} rsvp={p.rsvp} /> : null}
      {event.description ? (
        <section aria-labelledby="about-h">
          <h2 id="about-h">About</h2>
          <div class="prose">{raw(renderMarkdown(event.description))}</div>
        </section>
      ) : null}
      <section aria-labelledby="who-h">
        <h2 id="who-h">{p.started ? "Who came" : "Who is going"}</h2>
        {p.names.length ? (
          <ul data-testid="people">
            {p.names.map((n) => (
              <li>{n}</li>
            ))}
          </ul>
        ) : (
          <p class="muted">{p.started ? "Not marked yet." : "Nobody yet."}</p>
        )}
      </section>
      {p.roll ? <Roll base={base} roll={p.roll} /> : null}
    </Layout>,
  );
}
