import { Hono, type Context } from "hono";
import type { AppEnv } from "../app-env";
import { readForm, toFieldErrors, type FieldErrors } from "../communities/forms";
import { privatePage } from "../content/member-routes";
import { listTiers } from "../tiers/service";
import { AppError } from "../lib/errors";
import { zodIssues } from "../lib/validation";
import { markAttendance } from "./attendance";
import { cancelEvent, cancelJobs } from "./cancel";
import { calendarFeed, calendarTokenFrom, calendarTokenRead, feedPath, resetCalendarToken } from "./calendar";
import { renderEventPage } from "./event-page";
import { emptyEventForm, eventFormValues, parseEventForm, readEventForm, type EventFormValues } from "./form";
import { renderEventForm } from "./form-page";
import { calendar, ICS_HEADERS } from "./ics";
import { eventsBase, renderEventsList } from "./list-page";
import { renderMonth } from "./month-page";
import { eventDetail, eventReader, eventsReader, mayCreate, type EventReader, type EventsReader } from "./reader";
import { getRsvp, refuseRsvp, respond, tellPromoted } from "./rsvp";
import { cancelFormSchema, MAX_CANCEL_REASON, RSVP_RESPONSES, type RsvpResponse } from "./schemas";
import { createEvent, eventListRead, eventPageFrom, eventsBetween, eventSettingsFrom, eventSettingsRead, updateEvent } from "./service";
import { mayCreateEvents } from "./rights";
import { performTicketRefund, ticketCheckoutUrl } from "./tickets";
import { monthOf, zonedToUtc } from "./time";
import { viewerTimeZone } from "../ui/time-zone";

/** The events pages: list, month, event, create/edit, answers, attendance, .ics and the feed. */
export const eventRoutes = new Hono<AppEnv>();

const FLASH: Record<string, string> = {
  created: "Event created.",
  saved: "Changes saved.",
  going: "You are going.",
  waitlisted: "The event is full: you are on the waitlist, and get an email if a seat opens for you.",
  maybe: "Saved: maybe.",
  not_going: "Saved: not going.",
  refunded: "Saved: not going. Your ticket is refunded.",
  event_cancelled: "Event cancelled: everyone who answered has been told.",
  attendance: "Attendance saved.",
  success: "Payment received: your seat is confirmed as soon as Stripe tells us (a moment).",
  cancelled: "Payment cancelled: your seat stays held for a little while.",
  reset: "Your calendar feed has a new address; the old one no longer works.",
};
const flashOf = (c: Context<AppEnv>) => FLASH[c.req.query("done") ?? c.req.query("checkout") ?? ""] ?? null;

// Listed on first use: asking Intl at start-up would cost every new isolate its time-zone data.
let zones: string[] | undefined;
const zoneChoices = () => (zones ??= ["UTC", ...Intl.supportedValuesOf("timeZone").filter((z) => z !== "UTC")]);

const FIELD_RENAME = { tierId: "gate", minRank: "gate", priceAmount: "price" };

async function showForm(c: Context<AppEnv>, r: EventsReader, values: EventFormValues, errors: FieldErrors, event?: EventReader["event"]) {
  privatePage(c);
  return c.html(renderEventForm({ community: r.community, event, values, errors, tiers: await listTiers(r.deps.db, r.community.id), zones: zoneChoices() }), Object.keys(errors).length ? 400 : 200);
}

async function requireCreator(r: EventsReader) {
  if (!(await mayCreate(r))) throw AppError.forbidden("Only staff create events here");
}

eventRoutes.get("/c/:slug/events", async (c) => {
  const r = await eventsReader(c);
  const when = c.req.query("when") === "past" ? "past" : "upcoming";
  const cursor = c.req.query("cursor") ?? null;
  const { deps, community, access, viewer } = r;
  // One batch after the session's: the settings (may members create?), the calendar token and the page.
  const read = eventListRead(deps.db, community, access, { when, now: deps.now(), cursor });
  const [settingsRows, tokenRows, pageRows] = await deps.db.batch([eventSettingsRead(deps.db, community.id), calendarTokenRead(deps.db, community.id, viewer.email), ...(read ? [read] : [])]);
  const list = read ? eventPageFrom(pageRows as Parameters<typeof eventPageFrom>[0]) : { items: [], nextCursor: null };
  const creator = mayCreateEvents(access, eventSettingsFrom(settingsRows).membersCreate);
  const token = await calendarTokenFrom(deps, tokenRows, community.id, viewer.email);
  privatePage(c);
  const feedUrl = r.deps.config.appUrl + feedPath(r.community, token);
  return c.html(renderEventsList({ community: r.community, when, items: list.items, cursor, nextCursor: list.nextCursor, mayCreate: creator, feedUrl, flash: flashOf(c) }));
});

eventRoutes.get("/c/:slug/events/month", async (c) => {
  const r = await eventsReader(c);
  const zone = viewerTimeZone();
  const raw = c.req.query("m") ?? "";
  const month = /^\d{4}-(0[1-9]|1[0-2])$/.test(raw) ? raw : monthOf(r.deps.now(), zone);
  const from = zonedToUtc(`${month}-01T00:00`, zone)!;
  const [y, m] = month.split("-").map(Number) as [number, number];
  const next = new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 7);
  const items = await eventsBetween(r.deps.db, r.community.id, r.access, from, zonedToUtc(`${next}-01T00:00`, zone)!);
  privatePage(c);
  return c.html(renderMonth({ community: r.community, month, timeZone: zone, items }));
});

eventRoutes.get("/c/:slug/events/new", async (c) => {
  const r = await eventsReader(c);
  await requireCreator(r);
  return showForm(c, r, emptyEventForm(viewerTimeZone()), {});
});

eventRoutes.post("/c/:slug/events", async (c) => {
  const r = await eventsReader(c);
  await requireCreator(r);
  const values = readEventForm(await readForm(c));
  const parsed = parseEventForm(values, r.community);
  if (!parsed.ok) return showForm(c, r, values, parsed.errors);
  try {
    const event = await createEvent(r.deps, r.community, r.viewer.email, parsed.value);
    return c.redirect(`${eventsBase(r.community)}/${event.id}?done=created`, 303);
  } catch (err) {
    if (err instanceof AppError && err.details) return showForm(c, r, values, toFieldErrors(err.details, FIELD_RENAME));
    throw err;
  }
});

eventRoutes.post("/c/:slug/events/feed-token", async (c) => {
  const r = await eventsReader(c);
  await resetCalendarToken(r.deps, r.community.id, r.viewer.email);
  return c.redirect(`${eventsBase(r.community)}?done=reset`, 303);
});

/** The private feed: the token names the member; what is in it is decided on every fetch. */
eventRoutes.get("/c/:slug/calendar/:file", async (c) => {
  const token = /^([0-9a-z]{32})\.ics$/.exec(c.req.param("file"))?.[1];
  if (!token) throw AppError.notFound("Calendar");
  return c.body(await calendarFeed(c.get("deps"), c.req.param("slug"), token), 200, { ...ICS_HEADERS, "x-robots-tag": "noindex" });
});

/** The event page; a refused cancellation shows it again with its errors beside the form (400). */
async function showEvent(c: Context<AppEnv>, r: EventReader, cancel?: { errors: FieldErrors; reason: string }) {
  const detail = await eventDetail(r);
  const now = r.deps.now();
  const started = r.event.startsAt <= now;
  privatePage(c);
  return c.html(
    renderEventPage({
      community: r.community,
      event: r.event,
      rights: r.rights,
      rsvp: detail.rsvp,
      revealed: detail.revealed,
      going: detail.counts.going ?? 0,
      waitlisted: detail.counts.waitlisted ?? 0,
      names: detail.people.filter((p) => !started || p.attended).map((p) => p.name),
      waitlist: detail.waitlist.map((p) => p.name),
      roll: r.rights.host && started ? detail.people : null,
      started,
      ended: r.event.endsAt <= now,
      mayAnswer: r.access.role !== "none",
      flash: flashOf(c),
      cancel,
    }),
    cancel ? 400 : 200,
  );
}

eventRoutes.get("/c/:slug/events/:id", async (c) => showEvent(c, await eventReader(c)));

eventRoutes.get("/c/:slug/events/:id/event.ics", async (c) => {
  const r = await eventReader(c);
  const detail = await eventDetail(r);
  return c.body(calendar(r.deps.config, r.community, [{ event: r.event, revealed: detail.revealed }]), 200, {
    ...ICS_HEADERS,
    "content-disposition": `attachment; filename="event-${r.event.id}.ics"`,
  });
});

eventRoutes.get("/c/:slug/events/:id/edit", async (c) => {
  const r = await eventReader(c);
  if (!r.rights.host) throw AppError.forbidden("Only the host and staff edit an event");
  return showForm(c, r, eventFormValues(r.event), {}, r.event);
});

eventRoutes.post("/c/:slug/events/:id/edit", async (c) => {
  const r = await eventReader(c);
  if (!r.rights.host) throw AppError.forbidden("Only the host and staff edit an event");
  const values = readEventForm(await readForm(c));
  const parsed = parseEventForm(values, r.community);
  if (!parsed.ok) return showForm(c, r, values, parsed.errors, r.event);
  try {
    const { event, promoted } = await updateEvent(r.deps, r.event, parsed.value);
    await tellPromoted(r.deps, r.community, event, promoted);
  } catch (err) {
    if (err instanceof AppError && err.details) return showForm(c, r, values, toFieldErrors(err.details, FIELD_RENAME), r.event);
    throw err;
  }
  return c.redirect(`${eventsBase(r.community)}/${r.event.id}?done=saved`, 303);
});

eventRoutes.post("/c/:slug/events/:id/rsvp", async (c) => {
  const r = await eventReader(c);
  const response = (await readForm(c)).response?.[0] ?? "";
  if (!(RSVP_RESPONSES as readonly string[]).includes(response)) throw AppError.validation([{ field: "response", message: "Answer going, maybe or not going" }]);
  refuseRsvp(r.event, r.rights, r.access, r.deps.now());
  const outcome = await respond(r.deps, r.community, r.event, r.viewer.email, response as RsvpResponse);
  if (outcome.refundClaimed) await performTicketRefund(r.deps, outcome.rsvp!.id);
  const base = `${eventsBase(r.community)}/${r.event.id}`;
  if (outcome.rsvp?.status === "unpaid") return c.redirect(await ticketCheckoutUrl(r.deps, r.community, r.event, outcome.rsvp), 303);
  return c.redirect(`${base}?done=${outcome.refundClaimed ? "refunded" : outcome.rsvp?.status ?? response}`, 303);
});

eventRoutes.post("/c/:slug/events/:id/pay", async (c) => {
  const r = await eventReader(c);
  refuseRsvp(r.event, r.rights, r.access, r.deps.now());
  const rsvp = await getRsvp(r.deps, r.event.id, r.viewer.email);
  if (!rsvp) throw AppError.conflict("No seat is held for you to pay for");
  return c.redirect(await ticketCheckoutUrl(r.deps, r.community, r.event, rsvp), 303);
});

eventRoutes.post("/c/:slug/events/:id/cancel", async (c) => {
  const r = await eventReader(c);
  if (!r.rights.host) throw AppError.forbidden("Only the host and staff cancel an event");
  const form = await readForm(c);
  const raw = { reason: form.reason?.[0] ?? "", confirm: form.confirm?.[0] };
  const parsed = cancelFormSchema.safeParse(raw);
  if (!parsed.success) return showEvent(c, r, { errors: toFieldErrors(zodIssues(parsed.error)), reason: raw.reason.slice(0, MAX_CANCEL_REASON) });
  await cancelEvent(r.deps, cancelJobs(c.env), r.community, r.event, parsed.data.reason);
  return c.redirect(`${eventsBase(r.community)}/${r.event.id}?done=event_cancelled`, 303);
});

eventRoutes.post("/c/:slug/events/:id/attendance", async (c) => {
  const r = await eventReader(c);
  if (!r.rights.host) throw AppError.forbidden("Only the host and staff mark attendance");
  const present = (await readForm(c)).present ?? [];
  await markAttendance(r.deps, r.event, present.slice(0, 10_000));
  return c.redirect(`${eventsBase(r.community)}/${r.event.id}?done=attendance`, 303);
});

