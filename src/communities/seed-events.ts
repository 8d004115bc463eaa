import { eq } from "drizzle-orm";
import { eventRsvps, events, tiers, type EventKind, type RsvpStatus } from "../../drizzle";
import { recordActivity } from "../activity/record";
import type { Deps } from "../env";
import type { BatchItem } from "../lib/db";
import { newId } from "../lib/ids";
import { DEMO_PEOPLE } from "./seed-space-data";

/**
 * The demo community's meetups, so `npm run dev` shows a calendar with a past: three past events
 * with who came (and their activity record), three upcoming ones with answers, one full with a
 * waitlist, one online, one for the Core tier and one with paid tickets. Written as rows in one
 * batch. Idempotent: a community that has events is left as it is.
 */

const DAY = 86_400_000;
const HOUR = 3_600_000;
const OWNER = "owner@example.com";

interface DemoEvent {
  title: string;
  description: string;
  kind: EventKind;
  city?: string;
  address?: string;
  link?: string;
  timeZone: string;
  /** Days from now (negative: past), and the local hour it starts (UTC here, close enough for a demo). */
  inDays: number;
  hours: number;
  capacity: number | null;
  core?: boolean;
  priceAmount?: number;
  host?: string;
  /** person key -> answer; "came" marks a past attendee. */
  people: Record<string, RsvpStatus | "came">;
}

const DEMO_EVENTS: DemoEvent[] = [
  {
    title: "Berlin breakfast: untangling legacy systems",
    description: "Kenji walks us through how his team split a ten-year-old monolith, seam by seam. Coffee and pastries on the house.",
    kind: "in_person",
    city: "Berlin",
    address: "Rosenthaler Str. 40, 10178",
    timeZone: "Europe/Berlin",
    inDays: -75,
    hours: 2,
    capacity: 8,
    people: { kenji: "came", lukas: "came", sofia: "came", tomas: "going" },
  },
  {
    title: "Online AMA: pricing experiments that don't anger customers",
    description: "Chloé answers your questions on **price tests**, grandfathering and how to talk about both.",
    kind: "online",
    link: "https://meet.example.com/operators-pricing-ama",
    timeZone: "Europe/Paris",
    inDays: -40,
    hours: 1,
    capacity: null,
    people: { chloe: "came", maya: "came", ravi: "came", hana: "came", tomas: "maybe" },
  },
  {
    title: "Core dinner in London",
    description: "A small table for the Core circle: what we would do differently in our next company.",
    kind: "in_person",
    city: "London",
    address: "The Clove Club, 380 Old St, EC1V 9LT",
    timeZone: "Europe/London",
    inDays: -20,
    hours: 3,
    capacity: 6,
    core: true,
    people: { dev: "came", amara: "came", oliver: "came", ravi: "going" },
  },
  {
    title: "Hiring roundtable: first engineering managers",
    description: "Bring one hiring question. We go round the table, ten minutes each.",
    kind: "online",
    link: "https://meet.example.com/operators-hiring-roundtable",
    timeZone: "Europe/London",
    inDays: 6,
    hours: 1.5,
    capacity: 10,
    people: { dev: "going", emma: "going", oliver: "going", amara: "maybe", lukas: "not_going" },
  },
  {
    title: "Stockholm walk and talk",
    description: "A slow lap of Djurgården and a fika after. Three places, so we can actually talk.",
    kind: "in_person",
    city: "Stockholm",
    address: "Meet at Djurgårdsbron, north end",
    timeZone: "Europe/Stockholm",
    inDays: 12,
    hours: 2,
    capacity: 3,
    host: "maya@example.com",
    people: { maya: "going", sofia: "going", kenji: "going", hana: "waitlisted", chloe: "waitlisted" },
  },
  {
    title: "Year-end Core dinner in Berlin",
    description: "Our yearly dinner for the Core circle. The ticket covers a four-course menu.",
    kind: "in_person",
    city: "Berlin",
    address: "Markthalle Neun, Eisenbahnstraße 42/43",
    timeZone: "Europe/Berlin",
    inDays: 25,
    hours: 3,
    capacity: 12,
    core: true,
    priceAmount: 4500,
    people: {},
  },
];

export async function seedDemoEvents(deps: Pick<Deps, "db" | "now">, communityId: string): Promise<void> {
  const { db } = deps;
  const [existing, tierRows] = await db.batch([
    db.select({ id: events.id }).from(events).where(eq(events.communityId, communityId)).limit(1),
    db.select({ id: tiers.id, name: tiers.name }).from(tiers).where(eq(tiers.communityId, communityId)),
  ]);
  if (existing.length) return;
  const core = tierRows.find((t) => t.name === "Core")?.id ?? null;
  const now = deps.now().getTime();
  const emailOf = (key: string) => DEMO_PEOPLE.find((p) => p.key === key)?.email;
  const statements: BatchItem[] = [];
  for (const e of DEMO_EVENTS) {
    // Whole hours: 18:00 UTC on the day.
    const startsAt = new Date(Math.floor((now + e.inDays * DAY) / DAY) * DAY + 18 * HOUR);
    const id = newId("evt");
    const created = new Date(Math.min(now, startsAt.getTime()) - 14 * DAY);
    const past = startsAt.getTime() < now;
    statements.push(
      db.insert(events).values({
        id,
        communityId,
        title: e.title,
        description: e.description,
        kind: e.kind,
        city: e.city ?? "",
        address: e.address ?? "",
        link: e.link ?? "",
        timeZone: e.timeZone,
        startsAt,
        endsAt: new Date(startsAt.getTime() + e.hours * HOUR),
        capacity: e.capacity,
        tierId: e.core ? core : null,
        priceAmount: e.priceAmount ?? 0,
        hostEmail: e.host ?? OWNER,
        // Past events' reminders went out long ago.
        dayReminderQueuedAt: past ? startsAt : null,
        hourReminderQueuedAt: past ? startsAt : null,
        createdAt: created,
        updatedAt: created,
      }),
    );
    let seq = 0;
    for (const [key, answer] of Object.entries(e.people)) {
      const email = emailOf(key);
      if (!email) continue;
      seq += 1;
      const at = new Date(created.getTime() + seq * HOUR);
      const came = answer === "came";
      statements.push(
        db.insert(eventRsvps).values({ id: newId("rsv"), eventId: id, communityId, email, status: came ? "going" : answer, seq, attendedAt: came ? startsAt : null, createdAt: at, updatedAt: at }),
      );
      if (came) statements.push(recordActivity(db, communityId, email, startsAt, "eventsAttended", 1));
    }
  }
  const [first, ...rest] = statements;
  await db.batch([first!, ...rest]);
}
