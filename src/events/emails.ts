import type { Community, Event, ReminderKind } from "../../drizzle";
import type { Config } from "../env";
import type { OutgoingEmail } from "../platform/email";
import { formatDateTime, formatMoney } from "../ui/format";

/**
 * Emails about events, to one person each. Only people holding a seat get the whereabouts (the
 * join link or the street address): the reminder goes to them alone, and a promotion at a paid
 * event says where only once the ticket is paid (the event page shows it then).
 */

export const eventPath = (community: Pick<Community, "slug">, event: Pick<Event, "id">) => `/c/${community.slug}/events/${event.id}`;

export function whenLine(event: Pick<Event, "startsAt" | "endsAt" | "timeZone">): string {
  return `${formatDateTime(event.startsAt, event.timeZone)} to ${formatDateTime(event.endsAt, event.timeZone)} (${event.timeZone.replace(/_/g, " ")})`;
}

export function whereabouts(event: Pick<Event, "kind" | "link" | "city" | "address">): string {
  return event.kind === "online" ? `Join online: ${event.link}` : `Address: ${event.address}, ${event.city}`;
}

export function promotedEmail(config: Pick<Config, "appUrl">, community: Community, event: Event, to: string, mustPay: boolean): OutgoingEmail {
  const url = config.appUrl + eventPath(community, event);
  const body = mustPay
    ? [
        `A seat opened at "${event.title}" and it is held for you.`,
        "",
        `When: ${whenLine(event)}`,
        `Pay for your ticket (${formatMoney(event.priceAmount, event.currency)}) within 24 hours to keep it: ${url}`,
      ]
    : [`A seat opened at "${event.title}": you are going.`, "", `When: ${whenLine(event)}`, whereabouts(event), "", `Details, or if you can no longer come: ${url}`];
  return { to, subject: `${community.name}: a seat opened at ${event.title}`, text: [...body, "", `You are getting this because you joined the waitlist in ${community.name}.`].join("\n"), kind: "event_promoted" };
}

const LEAD: Record<ReminderKind, string> = { day: "tomorrow", hour: "in an hour" };

export function reminderEmail(config: Pick<Config, "appUrl">, community: Community, event: Event, to: string, kind: ReminderKind): OutgoingEmail {
  const url = config.appUrl + eventPath(community, event);
  const text = [
    `"${event.title}" starts ${LEAD[kind]}.`,
    "",
    `When: ${whenLine(event)}`,
    whereabouts(event),
    "",
    `Details, or if you can no longer come: ${url}`,
    "",
    `You are getting this because you are going to an event in ${community.name}.`,
  ].join("\n");
  return { to, subject: `${community.name}: ${event.title} starts ${LEAD[kind]}`, text, kind: `event_reminder_${kind}` };
}

/** To each person who held, was paying for or was waiting for a seat when the event was cancelled. */
export function cancelledEmail(config: Pick<Config, "appUrl">, community: Community, event: Event, to: string, opts: { refunded: boolean; reason: string }): OutgoingEmail {
  const url = config.appUrl + eventPath(community, event);
  const text = [
    `"${event.title}" is cancelled.`,
    "",
    `It was to take place ${whenLine(event)}.`,
    ...(opts.reason ? ["", `From the host: ${opts.reason}`] : []),
    ...(opts.refunded ? ["", `Your ticket (${formatMoney(event.priceAmount, event.currency)}) is refunded in full to the card you paid with.`] : []),
    "",
    `The event's page: ${url}`,
    "",
    `You are getting this because you answered this event in ${community.name}.`,
  ].join("\n");
  return { to, subject: `${community.name}: ${event.title} is cancelled`, text, kind: "event_cancelled" };
}
