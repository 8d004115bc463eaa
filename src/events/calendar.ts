import { and, eq, isNull } from "drizzle-orm";
import { communities, eventCalendarTokens, type Community } from "../../drizzle";
import type { Deps } from "../env";
import { AppError } from "../lib/errors";
import { newSecretToken } from "../lib/ids";
import { accessFor } from "../memberships/access";
import { calendar } from "./ics";
import { eventRights, seesWhereabouts } from "./rights";
import { eventsBetween } from "./service";

/**
 * A member's private calendar feed: a URL with a secret token (160 bits) that calendar apps poll
 * without a session. The token only names the member; what the feed shows is decided on every
 * fetch by the one access check, so a removed member's old URL shows nothing. Resetting the URL
 * revokes the old token.
 */

const DAY = 86_400_000;

export const feedPath = (community: Pick<Community, "slug">, token: string) => `/c/${community.slug}/calendar/${token}.ics`;

/** The member's live token as a statement, for a batch that reads more besides (`calendarTokenFrom`). */
export function calendarTokenRead(db: Deps["db"], communityId: string, email: string) {
  return db
    .select({ token: eventCalendarTokens.token })
    .from(eventCalendarTokens)
    .where(and(eq(eventCalendarTokens.communityId, communityId), eq(eventCalendarTokens.email, email.toLowerCase()), isNull(eventCalendarTokens.revokedAt)))
    .limit(1);
}

/** The member's live token: the one `calendarTokenRead` found, or a new one stored now (one more round trip, once per member). */
export async function calendarTokenFrom(deps: Pick<Deps, "db" | "now">, [live]: readonly { token: string }[], communityId: string, email: string): Promise<string> {
  if (live) return live.token;
  const who = email.toLowerCase();
  const token = newSecretToken();
  await deps.db.insert(eventCalendarTokens).values({ token, communityId, email: who, createdAt: deps.now() });
  return token;
}

/** Revokes every live token of the member and issues a new one, in one batch. */
export async function resetCalendarToken(deps: Pick<Deps, "db" | "now">, communityId: string, email: string): Promise<string> {
  const who = email.toLowerCase();
  const token = newSecretToken();
  const now = deps.now();
  await deps.db.batch([
    deps.db
      .update(eventCalendarTokens)
      .set({ revokedAt: now })
      .where(and(eq(eventCalendarTokens.communityId, communityId), eq(eventCalendarTokens.email, who), isNull(eventCalendarTokens.revokedAt))),
    deps.db.insert(eventCalendarTokens).values({ token, communityId, email: who, createdAt: now }),
  ]);
  return token;
}

/** The feed's text: events from 30 days back to a year ahead that the member may see today. */
export async function calendarFeed(deps: Deps, slug: string, token: string): Promise<string> {
  const [row] = await deps.db
    .select({ token: eventCalendarTokens, community: communities })
    .from(eventCalendarTokens)
    .innerJoin(communities, eq(communities.id, eventCalendarTokens.communityId))
    .where(and(eq(eventCalendarTokens.token, token), eq(communities.slug, slug), isNull(eventCalendarTokens.revokedAt)))
    .limit(1);
  if (!row) throw AppError.notFound("Calendar");
  const now = deps.now();
  const access = await accessFor(deps, row.community, row.token.email, now);
  const list = await eventsBetween(deps.db, row.community.id, access, new Date(now.getTime() - 30 * DAY), new Date(now.getTime() + 365 * DAY));
  const items = list.map((e) => ({ event: e, revealed: seesWhereabouts(eventRights(access, e), e.myStatus) }));
  return calendar(deps.config, row.community, items, `${row.community.name} events`);
}
