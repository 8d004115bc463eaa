import type { Event } from "../../drizzle";
import { formatDateTime, formatMoney } from "../ui/format";
import { viewerTimeZone } from "../ui/time-zone";

/** Pieces every event page shares: when, where (as far as the reader may know), price and seats. */

export const EVENT_STYLES = `
.event-list{list-style:none;padding:0}
.event-list li{margin-bottom:.75rem}
.event-meta{margin:.2rem 0}
.month{display:grid;grid-template-columns:repeat(7,minmax(0,1fr));gap:2px;margin:1rem 0}
.month .dow{font-weight:600;text-align:center;padding:.25rem}
.month .day{min-height:5.5rem;border:1px solid #d0d4da;padding:.25rem;overflow-wrap:anywhere;font-size:.9rem}
.month .day.out{background:#f3f4f6;color:#4b5563}
.month .day h2{font-size:.85rem;margin:0 0 .2rem}
.month .day ul{list-style:none;padding:0;margin:0}
.month .wd{display:none}
.rsvp-buttons{display:flex;flex-wrap:wrap;gap:.5rem}
@media (max-width:600px){
  .month{display:block}
  .month .dow,.month .day.empty{display:none}
  .month .day{min-height:0;margin-bottom:.4rem}
  .month .wd{display:inline}
}
`;

export function WhenText({ event }: { event: Pick<Event, "startsAt" | "endsAt" | "timeZone"> }) {
  const mine = viewerTimeZone();
  const local = `${formatDateTime(event.startsAt, event.timeZone)} – ${formatDateTime(event.endsAt, event.timeZone)}`;
  return (
    <span>
      {local}
      {mine !== event.timeZone ? <span class="muted"> ({formatDateTime(event.startsAt, mine)} your time)</span> : null}
    </span>
  );
}

export function PlaceText({ event }: { event: Pick<Event, "kind" | "city"> }) {
  return <span>{event.kind === "online" ? "Online" : event.city}</span>;
}

export function priceLabel(event: Pick<Event, "priceAmount" | "currency">): string {
  return event.priceAmount > 0 ? formatMoney(event.priceAmount, event.currency) : "Free";
}

export function seatsLabel(event: Pick<Event, "capacity">, going: number): string {
  return event.capacity == null ? `${going} going` : `${going} of ${event.capacity} seats taken`;
}

const STATUS_LABEL: Record<string, string> = {
  going: "You are going",
  unpaid: "Seat held: pay to confirm",
  waitlisted: "You are on the waitlist",
  maybe: "You said maybe",
  not_going: "You are not going",
};

export function statusLabel(status: string | null | undefined): string | null {
  return status ? (STATUS_LABEL[status] ?? null) : null;
}
