import { and, asc, count, eq, inArray, lte, sql } from "drizzle-orm";
import { tiers, tierWaitlist, type Community, type WaitlistEntry } from "../../drizzle";
import type { Deps } from "../env";
import { CRON_BATCH, type Db } from "../lib/db";
import { newId } from "../lib/ids";
import { sendMembershipEmail } from "./emails";
import { seatsTaken } from "../tiers/seats";
import { pastCursor } from "../lib/cursor";

/** How long a freed seat is held for the person it is offered to. */
export const OFFER_HOURS = 48;

export async function openWaitlistEntry(db: Db, tierId: string, email: string): Promise<WaitlistEntry | undefined> {
  return db.query.tierWaitlist.findFirst({
    where: and(eq(tierWaitlist.tierId, tierId), eq(tierWaitlist.email, email.toLowerCase()), sql`${tierWaitlist.status} in ('waiting', 'offered')`),
  });
}

/** 1-based place in line among those still waiting. */
export async function waitlistPosition(db: Db, entry: WaitlistEntry): Promise<number> {
  const [{ n }] = await db
    .select({ n: count() })
    .from(tierWaitlist)
    .where(
      and(
        eq(tierWaitlist.tierId, entry.tierId),
        eq(tierWaitlist.status, "waiting"),
        // Same order as offers are made: by time, ties broken by id.
        pastCursor("desc", tierWaitlist.createdAt, tierWaitlist.id, entry.createdAt.getTime(), entry.id),
      ),
    );
  return n + 1;
}

/** Puts a person in line for a full tier (once); returns their entry and place. */
export async function joinWaitlist(deps: Deps, community: Community, tier: { id: string; name: string }, email: string) {
  const who = email.toLowerCase();
  const inserted = await deps.db
    .insert(tierWaitlist)
    .values({ id: newId("wl"), tierId: tier.id, communityId: community.id, email: who, status: "waiting", createdAt: deps.now(), updatedAt: deps.now() })
    .onConflictDoNothing()
    .returning({ id: tierWaitlist.id });
  const entry = (await openWaitlistEntry(deps.db, tier.id, who))!;
  const position = await waitlistPosition(deps.db, entry);
  if (inserted.length) {
    await sendMembershipEmail(deps, community, { email: who, currentPeriodEnd: null }, "waitlist_joined", { position, tierName: tier.name });
  }
  return { entry, position };
}

/**
 * Offers freed seats to the people first in line, each for OFFER_HOURS. An offer counts as a taken
 * seat, so offers never exceed the cap; the conditional update makes a doubled call offer once.
 */
export async function offerNextSeat(deps: Deps, community: Community, tierId: string): Promise<number> {
  const tier = await deps.db.query.tiers.findFirst({ where: eq(tiers.id, tierId) });
  if (!tier || tier.capacity == null) return 0;
  let offered = 0;
  for (let i = 0; i < 20; i++) {
    const now = deps.now();
    if ((await seatsTaken(deps.db, tier.id, now)) >= tier.capacity) break;
    const next = await deps.db.query.tierWaitlist.findFirst({
      where: and(eq(tierWaitlist.tierId, tier.id), eq(tierWaitlist.status, "waiting")),
      orderBy: [asc(tierWaitlist.createdAt), asc(tierWaitlist.id)],
    });
    if (!next) break;
    const offerExpiresAt = new Date(now.getTime() + OFFER_HOURS * 3_600_000);
    const [won] = await deps.db
      .update(tierWaitlist)
      .set({ status: "offered", offerExpiresAt, updatedAt: now })
      .where(and(eq(tierWaitlist.id, next.id), eq(tierWaitlist.status, "waiting")))
      .returning();
    if (!won) continue;
    await sendMembershipEmail(deps, community, { email: next.email, currentPeriodEnd: null }, "seat_offered", { offerExpiresAt, tierName: tier.name, tierId: tier.id });
    offered++;
  }
  return offered;
}

/** Cron: lapsed offers end, and their seats go to the next in line. */
export async function expireOffers(deps: Deps): Promise<number> {
  const now = deps.now();
  // At most a run's worth, found on tier_waitlist_offer_expiry_idx; the rest wait for the next run.
  const due = deps.db
    .select({ id: tierWaitlist.id })
    .from(tierWaitlist)
    .where(and(eq(tierWaitlist.status, "offered"), lte(tierWaitlist.offerExpiresAt, now)))
    .limit(CRON_BATCH);
  const lapsed = await deps.db
    .update(tierWaitlist)
    .set({ status: "expired", updatedAt: now })
    .where(and(inArray(tierWaitlist.id, due), eq(tierWaitlist.status, "offered")))
    .returning();
  const communities = new Map<string, Community>();
  for (const entry of lapsed) {
    const community = communities.get(entry.communityId) ?? (await deps.db.query.communities.findFirst({ where: (c, { eq }) => eq(c.id, entry.communityId) }))!;
    communities.set(community.id, community);
    await offerNextSeat(deps, community, entry.tierId);
  }
  return lapsed.length;
}
