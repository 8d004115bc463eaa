import * as z from "zod/mini";
import { createRoute, createApiRouter, errorResponses, jsonBody, jsonContent, staffSecurity, named } from "../api/openapi";
import { signedIn } from "../api/access";
import { SlugParams } from "../api/schemas";
import { AppError } from "../lib/errors";
import { markAttendance } from "./attendance";
import { cancelEvent, cancelJobs } from "./cancel";
import { EventDetailSchema, EventListQuery, EventParams, EventSchema, eventDetailView, eventView, RsvpResultSchema } from "./api-schemas";
import { eventDetail, eventReader, eventsReader, mayCreate, type EventReader } from "./reader";
import { eventRights, seesWhereabouts } from "./rights";
import { refuseRsvp, respond, tellPromoted } from "./rsvp";
import { attendanceInputSchema, cancelInputSchema, eventInputSchema, rsvpInputSchema, type RsvpResponse } from "./schemas";
import { createEvent, listEvents, updateEvent } from "./service";
import { performTicketRefund, ticketCheckoutUrl } from "./tickets";
import { lazyFields } from "../lib/lazy-fields";

/**
 * Events and RSVPs under /api/v1, with the pages' access rule (`eventsReader` / `eventReader`:
 * the one access check plus the event's tier gate). The link and the address are null for
 * anyone not holding a seat, exactly as the pages hide them.
 */

const tags = ["Events"];
const security = staffSecurity;
const EventInput = named(eventInputSchema, "EventInput");
const RsvpInput = named(rsvpInputSchema, "RsvpInput");
const AttendanceInput = named(attendanceInputSchema, "AttendanceInput");
const CancelInput = named(cancelInputSchema, "EventCancelInput");

const listRoute = createRoute({
  method: "get",
  path: "/communities/{slug}/events",
  tags,
  security,
  middleware: signedIn,
  summary: "Events the caller may see, upcoming or past, 20 a page (members and staff)",
  request: { params: SlugParams, query: EventListQuery },
  responses: { 200: jsonContent(z.object(lazyFields({ events: () => z.array(EventSchema), more: () => z.boolean(), nextCursor: () => z.nullable(z.string()).check(z.meta({ description: "Pass as `cursor` for the next page; null on the last" })) })), "A page of events"), ...errorResponses(400, 401, 403, 404) },
});
const createEventRoute = createRoute({
  method: "post",
  path: "/communities/{slug}/events",
  tags,
  security,
  middleware: signedIn,
  summary: "Create an event (staff; members when the owner allows it)",
  description: "`start` and `end` are wall-clock times in `timeZone` (an IANA name). An unknown zone, an end before the start, a capacity under 1 or a negative price is a 400 naming the field.",
  request: { params: SlugParams, body: jsonBody(EventInput) },
  responses: { 201: jsonContent(EventSchema, "Created"), ...errorResponses(400, 401, 403, 404, 415) },
});
const getRoute = createRoute({
  method: "get",
  path: "/communities/{slug}/events/{eventId}",
  tags,
  security,
  middleware: signedIn,
  summary: "One event with its seats and people",
  request: { params: EventParams },
  responses: { 200: jsonContent(EventDetailSchema, "The event"), ...errorResponses(400, 401, 403, 404) },
});
const updateRoute = createRoute({
  method: "put",
  path: "/communities/{slug}/events/{eventId}",
  tags,
  security,
  middleware: signedIn,
  summary: "Replace an event's details (its host and staff, before it starts)",
  description: "A larger capacity promotes that many from the waitlist. The price is fixed once a ticket is sold or being paid for.",
  request: { params: EventParams, body: jsonBody(EventInput) },
  responses: { 200: jsonContent(EventSchema, "Saved"), ...errorResponses(400, 401, 403, 404, 409, 415) },
});
const rsvpRoute = createRoute({
  method: "put",
  path: "/communities/{slug}/events/{eventId}/rsvp",
  tags,
  security,
  middleware: signedIn,
  summary: "Answer going, maybe or not going",
  description:
    "Going takes a free seat or the end of the waitlist (409 when the event is full and has no waitlist). At a paid event the seat is held while the caller pays at `checkoutUrl`. Giving up a paid seat 24 hours or more before the start refunds the ticket. A started event is a 409.",
  request: { params: EventParams, body: jsonBody(RsvpInput) },
  responses: { 200: jsonContent(RsvpResultSchema, "The caller's answer now"), ...errorResponses(400, 401, 403, 404, 409, 415) },
});
const cancelRoute = createRoute({
  method: "delete",
  path: "/communities/{slug}/events/{eventId}/rsvp",
  tags,
  security,
  middleware: signedIn,
  summary: "Cancel: the same as answering not going",
  request: { params: EventParams },
  responses: { 200: jsonContent(RsvpResultSchema, "The caller's answer now"), ...errorResponses(400, 401, 403, 404, 409) },
});
const attendanceRoute = createRoute({
  method: "put",
  path: "/communities/{slug}/events/{eventId}/attendance",
  tags,
  security,
  middleware: signedIn,
  summary: "Mark who came (its host and staff, once it has started)",
  description: "`present` lists RSVP ids (see the event page's form); everyone else who held a seat is marked absent.",
  request: { params: EventParams, body: jsonBody(AttendanceInput) },
  responses: { 200: jsonContent(z.object(lazyFields({ marked: () => z.number().check(z.int()), unmarked: () => z.number().check(z.int()) })), "What changed"), ...errorResponses(400, 401, 403, 404, 409, 415) },
});

const cancelEventRoute = createRoute({
  method: "post",
  path: "/communities/{slug}/events/{eventId}/cancel",
  tags,
  security,
  middleware: signedIn,
  summary: "Cancel the whole event (its host and staff, before it starts)",
  description:
    "Everyone going, paying or on the waitlist is told once, by email (with `reason`) and in their notifications; every paid ticket is refunded in full, once, however often this is called. Answers close and reminders stop. Calling it again answers 200 with `cancelled: false`; a started event is a 409.",
  request: { params: EventParams, body: jsonBody(CancelInput) },
  responses: {
    200: jsonContent(
      z.object(lazyFields({
        cancelled: () => z.boolean().check(z.meta({ description: "False when the event was already cancelled" })),
        told: () => z.number().check(z.int(), z.meta({ description: "People told by this call" })),
        refunded: () => z.number().check(z.int(), z.meta({ description: "Paid tickets whose refund this call made or retried" })),
        queued: () => z.boolean().check(z.meta({ description: "True when more people answered than one call handles: the rest are told and refunded in the background" })),
      })),
      "The outcome",
    ),
    ...errorResponses(400, 401, 403, 404, 409, 415),
  },
});

async function answer(r: EventReader, response: RsvpResponse) {
  refuseRsvp(r.event, r.rights, r.access, r.deps.now());
  const outcome = await respond(r.deps, r.community, r.event, r.viewer.email, response);
  if (outcome.refundClaimed) await performTicketRefund(r.deps, outcome.rsvp!.id);
  const status = outcome.rsvp!.status;
  const checkoutUrl = status === "unpaid" ? await ticketCheckoutUrl(r.deps, r.community, r.event, outcome.rsvp!) : null;
  return { status, checkoutUrl, refunded: outcome.refundClaimed };
}

export const eventsApi = createApiRouter()
  .openapi(listRoute, async (c) => {
    const r = await eventsReader(c);
    const { when, cursor } = c.req.valid("query");
    const list = await listEvents(r.deps.db, r.community, r.access, { when, now: r.deps.now(), cursor });
    c.header("Cache-Control", "private, no-store");
    const views = list.items.map((e) => eventView(r.deps.config, r.community.slug, e, seesWhereabouts(eventRights(r.access, e), e.myStatus)));
    return c.json({ events: views, more: list.nextCursor !== null, nextCursor: list.nextCursor }, 200);
  })
  .openapi(createEventRoute, async (c) => {
    const r = await eventsReader(c);
    if (!(await mayCreate(r))) throw AppError.forbidden("Only staff create events here");
    const event = await createEvent(r.deps, r.community, r.viewer.email, c.req.valid("json"));
    return c.json(eventView(r.deps.config, r.community.slug, { ...event, going: 0, myStatus: null }, true), 201);
  })
  .openapi(getRoute, async (c) => {
    const r = await eventReader(c, c.req.valid("param").eventId);
    const detail = await eventDetail(r);
    c.header("Cache-Control", "private, no-store");
    return c.json(eventDetailView(r.deps.config, r.community.slug, r.event, detail, r.event.startsAt <= r.deps.now(), r.rights.host), 200);
  })
  .openapi(updateRoute, async (c) => {
    const r = await eventReader(c, c.req.valid("param").eventId);
    if (!r.rights.host) throw AppError.forbidden("Only the host and staff edit an event");
    const { event, promoted } = await updateEvent(r.deps, r.event, c.req.valid("json"));
    await tellPromoted(r.deps, r.community, event, promoted);
    const detail = await eventDetail({ ...r, event });
    return c.json(eventView(r.deps.config, r.community.slug, { ...event, going: detail.counts.going ?? 0, myStatus: detail.rsvp?.status ?? null }, true), 200);
  })
  .openapi(rsvpRoute, async (c) => {
    const r = await eventReader(c, c.req.valid("param").eventId);
    return c.json(await answer(r, c.req.valid("json").response), 200);
  })
  .openapi(cancelRoute, async (c) => {
    const r = await eventReader(c, c.req.valid("param").eventId);
    return c.json(await answer(r, "not_going"), 200);
  })
  .openapi(attendanceRoute, async (c) => {
    const r = await eventReader(c, c.req.valid("param").eventId);
    if (!r.rights.host) throw AppError.forbidden("Only the host and staff mark attendance");
    return c.json(await markAttendance(r.deps, r.event, c.req.valid("json").present), 200);
  })
  .openapi(cancelEventRoute, async (c) => {
    const r = await eventReader(c, c.req.valid("param").eventId);
    if (!r.rights.host) throw AppError.forbidden("Only the host and staff cancel an event");
    return c.json(await cancelEvent(r.deps, cancelJobs(c.env), r.community, r.event, c.req.valid("json").reason), 200);
  });
