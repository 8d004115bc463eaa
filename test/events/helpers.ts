import { and, eq } from "drizzle-orm";
import { emails, eventRsvps, type Community, type Event } from "../../drizzle";
import { createEvent } from "../../src/events/service";
import { eventInputSchema, type EventInput } from "../../src/events/schemas";
import { utcToZoned } from "../../src/events/time";
import { tools } from "../helpers";
import { OWNER, spaceCommunity } from "../spaces/helpers";

export { OWNER, spaceCommunity };

const HOUR = 3_600_000;

/** Event input starting `inHours` from the app's now, lasting two hours, in Berlin's time. */
export function eventInput(overrides: Partial<EventInput> & { inHours?: number } = {}): EventInput {
  const { deps } = tools();
  const { inHours = 72, ...rest } = overrides;
  const zone = rest.timeZone ?? "Europe/Berlin";
  const start = new Date(deps.now().getTime() + inHours * HOUR);
  return eventInputSchema.parse({
    title: "Founders' dinner",
    description: "Bring a question.",
    kind: "in_person",
    city: "Berlin",
    address: "Torstraße 1, 10119",
    timeZone: zone,
    start: utcToZoned(start, zone),
    end: utcToZoned(new Date(start.getTime() + 2 * HOUR), zone),
    ...rest,
  });
}

export async function makeEvent(community: Community, overrides: Partial<EventInput> & { inHours?: number } = {}, host = OWNER): Promise<Event> {
  const { deps } = tools();
  return createEvent(deps, community, host, eventInput(overrides));
}

export async function rsvpsOf(eventId: string) {
  const { deps } = tools();
  return deps.db.select().from(eventRsvps).where(eq(eventRsvps.eventId, eventId));
}

export async function emailsTo(to: string, kind: string) {
  const { deps } = tools();
  return deps.db.select().from(emails).where(and(eq(emails.to, to.toLowerCase()), eq(emails.kind, kind)));
}

export const html = { accept: "text/html" };

/** The standard error body's message. */
export async function errorMessage(res: Response): Promise<string> {
  return ((await res.json()) as { error: { message: string } }).error.message;
}

export async function rsvpOf(eventId: string, email: string) {
  const { deps } = tools();
  return (await deps.db.query.eventRsvps.findFirst({ where: and(eq(eventRsvps.eventId, eventId), eq(eventRsvps.email, email)) }))!;
}

/** Refunds Stripe (the emulator) holds for a payment. */
export async function refundsFor(intentId: string) {
  const { deps } = tools();
  return (await deps.stripe.refunds.list({ payment_intent: intentId, limit: 10 })).data;
}
