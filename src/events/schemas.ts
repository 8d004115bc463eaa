import * as z from "zod/mini";
import "../lib/zod-messages";
import { EVENT_KINDS, RSVP_STATUSES } from "../../drizzle";
import { validTimeZone } from "../ui/time-zone";
import { zonedToUtc } from "./time";
// Object schemas are built on first use (z.lazy), not while a new isolate starts: README, "Cold start".

/** Limits named once: forms, the API and its OpenAPI document read the same numbers. */
export const MAX_TITLE = 120;
export const MAX_DESCRIPTION = 5000;
export const MAX_CAPACITY = 10_000;
export const MAX_PRICE = 100_000_00;
/** Events last at most a week; a longer one is almost always a typo in the end date. */
export const MAX_LENGTH_MS = 7 * 86_400_000;

const httpUrl = () => z.string().check(z.trim(), z.maxLength(500), z.refine((s) => s === "" || /^https?:\/\/[^\s]+$/i.test(s), "Enter a link starting with https://"));

const localTime = () => z.string().check(z.trim(), z.maxLength(16), z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, "Enter a date and time like 2026-12-03T19:00"));

/**
 * One event as hosts describe it (form and API alike). Start and end are wall-clock times in the
 * event's time zone; the zone must be one Intl knows. Capacity null means no limit; a price of 0
 * makes the event free.
 */
export const eventInputSchema = z.lazy(() =>
  z.strictObject({
      title: z.string().check(z.trim(), z.minLength(1, "Give the event a title"), z.maxLength(MAX_TITLE)),
      description: z._default(z.string().check(z.maxLength(MAX_DESCRIPTION)), ""),
      kind: z.enum(EVENT_KINDS),
      city: z._default(z.string().check(z.trim(), z.maxLength(80)), ""),
      address: z._default(z.string().check(z.trim(), z.maxLength(300)), ""),
      link: z._default(httpUrl(), ""),
      timeZone: z.string().check(z.maxLength(64), z.refine((z) => validTimeZone(z) === z, "Choose a time zone from the list (an IANA name like Europe/Berlin)")),
      start: localTime(),
      end: localTime(),
      capacity: z._default(z.nullable(z.number().check(z.int("Capacity is a whole number"), z.gte(1, "Capacity must be at least 1 (leave it empty for no limit)"), z.lte(MAX_CAPACITY))), null),
      waitlist: z._default(z.boolean(), true),
      minRank: z._default(z.nullable(z.number().check(z.int(), z.gte(0), z.lte(1000))), null),
      tierId: z._default(z.nullable(z.string().check(z.maxLength(64))), null),
      priceAmount: z._default(z.number().check(z.int(), z.gte(0, "The price cannot be negative"), z.lte(MAX_PRICE)), 0),
    }).check(z.superRefine((e, ctx) => {
      if (e.kind === "online" && !e.link) ctx.addIssue({ code: "custom", path: ["link"], message: "An online event needs the link attendees join with" });
      if (e.kind === "in_person" && !e.city) ctx.addIssue({ code: "custom", path: ["city"], message: "An in-person event needs a city" });
      if (e.kind === "in_person" && !e.address) ctx.addIssue({ code: "custom", path: ["address"], message: "An in-person event needs the address attendees go to" });
      if (validTimeZone(e.timeZone) !== e.timeZone) return;
      const start = zonedToUtc(e.start, e.timeZone);
      const end = zonedToUtc(e.end, e.timeZone);
      if (!start) ctx.addIssue({ code: "custom", path: ["start"], message: "Not a real date and time" });
      if (!end) ctx.addIssue({ code: "custom", path: ["end"], message: "Not a real date and time" });
      if (start && end && end <= start) ctx.addIssue({ code: "custom", path: ["end"], message: "The event must end after it starts" });
      if (start && end && end.getTime() - start.getTime() > MAX_LENGTH_MS) ctx.addIssue({ code: "custom", path: ["end"], message: "An event lasts at most 7 days" });
    })),
);

export type EventInput = z.infer<typeof eventInputSchema>;

export const RSVP_RESPONSES = ["going", "maybe", "not_going"] as const;
export type RsvpResponse = (typeof RSVP_RESPONSES)[number];
export const rsvpInputSchema = z.lazy(() =>
  z.strictObject({ response: z.enum(RSVP_RESPONSES) }),
);

export const attendanceInputSchema = z.lazy(() =>
  z.strictObject({
    /** RSVP ids of those who came; everyone else who had a seat is marked absent. */
    present: z.array(z.string().check(z.maxLength(64))).check(z.maxLength(MAX_CAPACITY)),
  }),
);

export { RSVP_STATUSES };

/** A word to attendees when the host cancels the whole event (sent in the email, not stored). */
export const MAX_CANCEL_REASON = 500;
const cancelReason = () => z._default(z.string().check(z.trim(), z.maxLength(MAX_CANCEL_REASON, `At most ${MAX_CANCEL_REASON} characters`)), "");

export const cancelInputSchema = z.lazy(() =>
  z.strictObject({ reason: cancelReason() }),
);

/** The page's form also asks for the box to be ticked: a stray click cancels nothing. */
export const cancelFormSchema = z.lazy(() =>
  z.strictObject({
    reason: cancelReason(),
    confirm: z.optional(z.string().check(z.maxLength(8))).check(z.refine((v) => v === "on", "Tick the box to confirm the cancellation")),
  }),
);
