import { raw } from "hono/html";
import type { Community, Event, EventRsvp } from "../../drizzle";
import { ErrorSummary } from "../communities/admin-layout";
import { Checkbox, TextArea } from "../communities/fields";
import type { FieldErrors } from "../communities/forms";
import { Layout, page } from "../ui/layout";
import { MAX_CANCEL_REASON } from "./schemas";
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
  /** Names with levels of those going (a first page), or of those who came once it is over. */
  names: string[];
  /** Names with levels of those waiting, in the order they get a seat. */
  waitlist: string[];
  /** Host only, once started: each seat holder, to mark who came. */
  roll: { id: string; name: string; attended: boolean }[] | null;
  started: boolean;
  ended: boolean;
  mayAnswer: boolean;
  flash: string | null;
  /** A refused cancellation: what was wrong and the reason as typed. */
  cancel?: { errors: FieldErrors; reason: string };
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

const CANCEL_LABELS: Record<string, string> = { reason: "A word to attendees", confirm: "Confirmation" };

/** The host's and staff's way to call the whole event off, confirmed by a checkbox. */
function CancelEvent({ base, event, refused }: { base: string; event: Event; refused?: EventPageProps["cancel"] }) {
  return (
    <section class="card" aria-labelledby="cancel-h">
      <h2 id="cancel-h">Cancel this event</h2>
      <p>
        Everyone going, paying or on the waitlist is told by email and in their notifications{event.priceAmount > 0 ? "; every paid ticket is refunded in full" : ""}. Reminders stop and
        answers close. This cannot be undone.
      </p>
      {refused ? <ErrorSummary errors={refused.errors} labels={CANCEL_LABELS} /> : null}
      <form method="post" action={`${base}/cancel`}>
        <TextArea id="cancel-reason" name="reason" label="A word to attendees (optional)" hint="Included in the email." rows={3} maxlength={MAX_CANCEL_REASON} value={refused?.reason} error={refused?.errors.reason} />
        <Checkbox id="cancel-confirm" name="confirm" label="Yes, cancel this event for everyone" />
        <button type="submit" class="btn danger">
          Cancel event
        </button>
      </form>
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
      {event.cancelledAt ? (
        <p class="notice bad" data-testid="cancelled">
          This event is cancelled: answers are closed{event.priceAmount > 0 ? " and paid tickets are refunded" : ""}.
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
        {rights.host && !p.started && !event.cancelledAt ? (
          <a href={`${base}/edit`} class="btn small secondary">
            Edit event
          </a>
        ) : null}
      </p>
      {event.cancelledAt ? null : p.started ? (
        <p class="notice">This event has {p.ended ? "ended" : "started"}: answers are closed.</p>
      ) : p.mayAnswer ? (
        <Answer base={base} event={event} rsvp={p.rsvp} />
      ) : null}
      {event.description ? (
        <section aria-labelledby="about-h">
          <h2 id="about-h">About</h2>
          <div class="prose">{raw(renderMarkdown(event.description))}</div>
        </section>
      ) : null}
      <section aria-labelledby="who-h">
        <h2 id="who-h">{event.cancelledAt ? "Who was going" : p.started ? "Who came" : "Who is going"}</h2>
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
      {p.waitlist.length ? (
        <section aria-labelledby="waitlist-h">
          <h2 id="waitlist-h">Waitlist</h2>
          <ol data-testid="waitlist">
            {p.waitlist.map((n) => (
              <li>{n}</li>
            ))}
          </ol>
        </section>
      ) : null}
      {p.roll && !event.cancelledAt ? <Roll base={base} roll={p.roll} /> : null}
      {rights.host && !p.started && !event.cancelledAt ? <CancelEvent base={base} event={event} refused={p.cancel} /> : null}
    </Layout>,
  );
}
