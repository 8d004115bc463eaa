import * as z from "zod/mini";
import { extending } from "../api/openapi";
import { EVENT_KINDS, RSVP_STATUSES, type Event, type RsvpStatus } from "../../drizzle";
import { SlugParams, pathId } from "../api/schemas";
import type { Config } from "../env";
import { eventPath } from "./emails";
import type { EventDetail } from "./reader";
import { utcToZoned } from "./time";
import { lazyFields } from "../lib/lazy-fields";

/** Shapes of the events endpoints; request bodies reuse the feature's own schemas (schemas.ts). */

const timestamp = z.lazy(() =>
  z.iso.datetime().check(z.meta({ example: "2026-12-03T18:00:00.000Z" })),
);

export const EventParams = z.extend(SlugParams, lazyFields({ eventId: () => pathId("eventId", "evt_3k9v2m0c7x1n8b4r5t6y") }));

export const EventListQuery = z.strictObject(lazyFields({
  when: () => z._default(z.enum(["upcoming", "past"]), "upcoming").check(z.meta({ description: "`upcoming`: not yet ended, soonest first; `past`: newest first" })),
  cursor: () => z.optional(z.string().check(z.maxLength(100))).check(z.meta({ description: "`nextCursor` of the previous page" })),
}));

export const EventSchema = z.lazy(() =>
  z.object({
    id: z.string(),
    title: z.string(),
    description: z.string().check(z.meta({ description: "Markdown" })),
    kind: z.enum(EVENT_KINDS),
    city: z.string().check(z.meta({ description: "In-person events; empty online" })),
    address: z.nullable(z.string()).check(z.meta({ description: "In-person events: only for people holding a seat, hosts and staff; null otherwise" })),
    link: z.nullable(z.string()).check(z.meta({ description: "Online events: only for people holding a seat, hosts and staff; null otherwise" })),
    timeZone: z.string(),
    start: z.string().check(z.meta({ description: "Wall-clock start in the event's time zone", example: "2026-12-03T19:00" })),
    end: z.string(),
    startsAt: timestamp,
    endsAt: timestamp,
    capacity: z.nullable(z.number().check(z.int())),
    waitlist: z.boolean(),
    minRank: z.nullable(z.number().check(z.int())),
    tierId: z.nullable(z.string()),
    priceAmount: z.number().check(z.int(), z.meta({ description: "Ticket price in the currency's minor unit; 0: free" })),
    currency: z.string(),
    going: z.number().check(z.int()),
    myStatus: z.nullable(z.enum(RSVP_STATUSES)),
    url: z.string(),
    icsUrl: z.string(),
  }).check(z.meta({ id: "Event" })),
);

const EventPersonSchema = z.lazy(() =>
  z.object({
    name: z.string().check(z.meta({ description: "Display name and honours level, as shown everywhere: \"Maya Lindqvist · Level 3\"" })),
    level: z.number().check(z.int()),
    attended: z.boolean(),
  }).check(z.meta({ id: "EventPerson" })),
);

export const EventDetailSchema = z.lazy(() =>
  extending(EventSchema, {
    waitlisted: z.number().check(z.int()),
    people: z.array(EventPersonSchema).check(z.meta({ description: "Those going (a first page); once started, those marked as having come (hosts see everyone with a seat)" })),
    waitlistPeople: z.array(EventPersonSchema).check(z.meta({ description: "Those on the waitlist in the order they get a seat (a first page); empty once the event has started" })),
  }).check(z.meta({ id: "EventDetail" })),
);

export const RsvpResultSchema = z.lazy(() =>
  z.object({
    status: z.enum(RSVP_STATUSES),
    checkoutUrl: z.nullable(z.string()).check(z.meta({ description: "Paid events: where to pay for the seat held for the caller" })),
    refunded: z.boolean(),
  }).check(z.meta({ id: "RsvpResult" })),
);

export function eventView(config: Pick<Config, "appUrl">, slug: string, e: Event & { going: number; myStatus: string | null }, revealed: boolean): z.input<typeof EventSchema> {
  const url = config.appUrl + eventPath({ slug }, e);
  return {
    id: e.id,
    title: e.title,
    description: e.description,
    kind: e.kind,
    city: e.city,
    address: e.kind === "in_person" && revealed ? e.address : null,
    link: e.kind === "online" && revealed ? e.link : null,
    timeZone: e.timeZone,
    start: utcToZoned(e.startsAt, e.timeZone),
    end: utcToZoned(e.endsAt, e.timeZone),
    startsAt: e.startsAt.toISOString(),
    endsAt: e.endsAt.toISOString(),
    capacity: e.capacity,
    waitlist: e.waitlist,
    minRank: e.minRank,
    tierId: e.tierId,
    priceAmount: e.priceAmount,
    currency: e.currency,
    going: e.going,
    myStatus: (e.myStatus ?? null) as RsvpStatus | null,
    url,
    icsUrl: `${url}/event.ics`,
  };
}

export function eventDetailView(config: Pick<Config, "appUrl">, slug: string, e: Event, d: EventDetail, started: boolean, host: boolean): z.input<typeof EventDetailSchema> {
  return {
    ...eventView(config, slug, { ...e, going: d.counts.going ?? 0, myStatus: d.rsvp?.status ?? null }, d.revealed),
    waitlisted: d.counts.waitlisted ?? 0,
    people: d.people.filter((p) => !started || host || p.attended).map(({ name, level, attended }) => ({ name, level, attended })),
    waitlistPeople: d.waitlist.map(({ name, level, attended }) => ({ name, level, attended })),
  };
}
