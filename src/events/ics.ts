import type { Community, Event } from "../../drizzle";
import type { Config } from "../env";
import { eventPath } from "./emails";

/**
 * iCalendar (RFC 5545) for one event or a member's feed: CRLF line ends, TEXT values escaped
 * (backslash, semicolon, comma, newline), content lines folded at 75 octets without splitting a
 * UTF-8 character, times in UTC ("Z"), which every calendar shows in its own zone. The
 * whereabouts appear only for people holding a seat (the caller says which events those are).
 */

export interface IcsEvent {
  event: Event;
  /** Whether this reader sees the link or the address. */
  revealed: boolean;
}

export function escapeText(s: string): string {
  return s.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r\n|\r|\n/g, "\\n");
}

const encoder = new TextEncoder();

/** Splits a content line into 75-octet pieces; continuation lines start with one space. */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = "";
  let bytes = 0;
  for (const ch of line) {
    const size = encoder.encode(ch).length;
    // The first line holds 75 octets; a continuation's leading space counts against its 75.
    const limit = out.length ? 74 : 75;
    if (bytes + size > limit) {
      out.push(current);
      current = "";
      bytes = 0;
    }
    current += ch;
    bytes += size;
  }
  out.push(current);
  return out.join("\r\n ");
}

export function utcStamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

function location(e: Event, revealed: boolean): string {
  if (e.kind === "online") return revealed ? e.link : "Online";
  return revealed ? `${e.address}, ${e.city}` : e.city;
}

function vevent(config: Pick<Config, "appUrl">, community: Pick<Community, "slug" | "name">, { event: e, revealed }: IcsEvent): string[] {
  const url = config.appUrl + eventPath(community, e);
  const description = [e.description.trim(), url].filter(Boolean).join("\n\n");
  return [
    "BEGIN:VEVENT",
    `UID:${e.id}@threshold`,
    `DTSTAMP:${utcStamp(e.updatedAt)}`,
    `DTSTART:${utcStamp(e.startsAt)}`,
    `DTEND:${utcStamp(e.endsAt)}`,
    `SUMMARY:${escapeText(e.cancelledAt ? `Cancelled: ${e.title}` : e.title)}`,
    `DESCRIPTION:${escapeText(description)}`,
    `LOCATION:${escapeText(location(e, revealed))}`,
    `URL:${url}`,
    e.cancelledAt ? "STATUS:CANCELLED" : "STATUS:CONFIRMED",
    "END:VEVENT",
  ];
}

export function calendar(config: Pick<Config, "appUrl">, community: Pick<Community, "slug" | "name">, items: IcsEvent[], name?: string): string {
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Threshold//Events//EN",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    ...(name ? [`X-WR-CALNAME:${escapeText(name)}`] : []),
    ...items.flatMap((item) => vevent(config, community, item)),
    "END:VCALENDAR",
  ];
  return lines.map(foldLine).join("\r\n") + "\r\n";
}

export const ICS_HEADERS = { "content-type": "text/calendar; charset=utf-8", "cache-control": "private, no-store" };
