import { env } from "cloudflare:workers";
import { tools } from "../test/helpers";
import type { BenchCommunity } from "./seed";

/**
 * Events for the pages benchmark: a history of events (one every other day, back from now, and
 * a few ahead) with RSVPs spread over the members, and one upcoming event whose seats are all
 * taken by a large crowd with a waitlist: the event page, the lists and the month grid must not
 * grow with it. Rows written by INSERT ... SELECT over a counter, as the other bench seeds do.
 */

export interface EventsSize {
  events: number;
  rsvps: number;
  /** Seats (and those going) at the one big upcoming event. */
  crowd: number;
}

const bigEvents = new Map<string, string>();

/** The big upcoming event of a bench community, for its page's route. */
export function bigEventOf(c: BenchCommunity): string {
  return bigEvents.get(c.community.id) ?? "none";
}

const counter = (n: number) => `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${Math.max(1, n)})`;

export async function seedEvents(c: BenchCommunity, label: string, size: EventsSize, members: number): Promise<void> {
  const { deps } = tools();
  const id = label.replace(/[^a-z0-9]/g, "");
  const now = deps.now().getTime();
  const DAY = 86_400_000;
  const email = (expr: string) => `'m${id}-' || printf('%06d', 1 + (${expr}) % ${Math.max(1, members)}) || '@example.com'`;
  const big = `evt_${id}big`;
  bigEvents.set(c.community.id, big);
  const db = env.DB;
  await db.batch([
    // Most in the past, every tenth ahead: lists and feeds read a bounded range of the start index.
    db
      .prepare(
        `${counter(size.events)}
         INSERT INTO events (id, community_id, title, description, kind, city, address, link, time_zone, starts_at, ends_at, capacity, waitlist, price_amount, currency, host_email, created_at, updated_at)
         SELECT 'evt_${id}' || i, ?1, 'Meetup ' || i, 'Talk and drinks.', CASE i % 3 WHEN 0 THEN 'online' ELSE 'in_person' END,
                CASE i % 3 WHEN 0 THEN '' ELSE 'Berlin' END, CASE i % 3 WHEN 0 THEN '' ELSE 'Street ' || i END, CASE i % 3 WHEN 0 THEN 'https://meet.example.com/' || i ELSE '' END,
                'Europe/Berlin', ?2 + (CASE WHEN i % 10 = 0 THEN i ELSE -i END) * ${2 * DAY}, ?2 + (CASE WHEN i % 10 = 0 THEN i ELSE -i END) * ${2 * DAY} + 7200000,
                40, 1, 0, 'usd', 'owner@example.com', ?2 - ${400 * DAY}, ?2 - ${400 * DAY} FROM n`,
      )
      .bind(c.community.id, now),
    db
      .prepare(
        `${counter(size.rsvps)}
         INSERT OR IGNORE INTO event_rsvps (id, event_id, community_id, email, status, seq, checkout_attempts, paid_amount, attended_at, created_at, updated_at)
         SELECT 'rsv_${id}' || i, 'evt_${id}' || (1 + i % ${Math.max(1, size.events)}), ?1, ${email("i * 7")}, CASE i % 5 WHEN 0 THEN 'maybe' ELSE 'going' END, i, 0, 0,
                CASE WHEN i % 3 = 0 THEN ?2 - ${DAY} ELSE NULL END, ?2 - ${300 * DAY}, ?2 - ${300 * DAY} FROM n`,
      )
      .bind(c.community.id, now),
    db
      .prepare(
        `INSERT INTO events (id, community_id, title, description, kind, city, address, link, time_zone, starts_at, ends_at, capacity, waitlist, price_amount, currency, host_email, created_at, updated_at)
         VALUES (?3, ?1, 'The big one', 'Everyone is coming.', 'in_person', 'Berlin', 'Alexanderplatz 1', '', 'Europe/Berlin', ?2 + ${3 * DAY}, ?2 + ${3 * DAY} + 7200000, ?4, 1, 0, 'usd', 'owner@example.com', ?2, ?2)`,
      )
      .bind(c.community.id, now, big, size.crowd),
    db
      .prepare(
        `${counter(Math.round(size.crowd * 1.1))}
         INSERT OR IGNORE INTO event_rsvps (id, event_id, community_id, email, status, seq, checkout_attempts, paid_amount, created_at, updated_at)
         SELECT 'rsv_${id}big' || i, ?3, ?1, ${email("i")}, CASE WHEN i <= ?4 THEN 'going' ELSE 'waitlisted' END, i, 0, 0, ?2, ?2 FROM n`,
      )
      .bind(c.community.id, now, big, size.crowd),
  ]);
}
