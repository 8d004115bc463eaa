import { and, eq, isNull, lte, or, type SQL } from "drizzle-orm";
import { events, type Event } from "../../drizzle";
import type { Access } from "../memberships/access";
import { isStaffAccess } from "../spaces/rules";

/**
 * Who may see, answer and run an event, decided from the one access check (`accessFor`) and the
 * event's tier gate, with the same rank and tier rules as spaces: staff pass everything; a member
 * in good standing (or grace) passes a minimum rank from that rank up and a named tier only in it;
 * everyone else (visitors, applicants, lapsed, removed, banned) passes nothing. The host is the
 * member who created the event; they run it while they still have access to the community.
 */
export interface EventRights {
  see: boolean;
  host: boolean;
  staff: boolean;
}

type Gate = Pick<Event, "minRank" | "tierId" | "hostEmail">;

function passesGate(access: Access, event: Gate): boolean {
  if (access.role !== "member") return false;
  if (event.minRank != null && access.rank < event.minRank) return false;
  if (event.tierId && access.tier?.id !== event.tierId) return false;
  return true;
}

export function eventRights(access: Access | null, event: Gate): EventRights {
  if (!access) return { see: false, host: false, staff: false };
  if (isStaffAccess(access)) return { see: true, host: true, staff: true };
  const host = access.role === "member" && access.email === event.hostEmail;
  return { see: host || passesGate(access, event), host, staff: false };
}

/** The same rule as `eventRights(...).see`, as a condition on `events` for lists; null: nothing. */
export function visibleEventsSql(access: Access | null): SQL | undefined | null {
  if (!access) return null;
  if (isStaffAccess(access)) return undefined;
  if (access.role !== "member") return null;
  const gate = and(
    or(isNull(events.minRank), lte(events.minRank, access.rank)),
    access.tier ? or(isNull(events.tierId), eq(events.tierId, access.tier.id)) : isNull(events.tierId),
  );
  return access.email ? or(gate, eq(events.hostEmail, access.email)) : gate;
}

/** Staff always; members when the owner allows it (the events settings). */
export function mayCreateEvents(access: Access | null, membersCreate: boolean): boolean {
  if (!access) return false;
  return isStaffAccess(access) || (membersCreate && access.role === "member");
}

/** Whether the whereabouts (link, address) show: to hosts, staff, and people holding a seat. */
export function seesWhereabouts(rights: EventRights, status: string | null | undefined): boolean {
  return rights.host || status === "going";
}
