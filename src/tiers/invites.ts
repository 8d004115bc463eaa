import { and, desc, eq, gt, isNull, lt, sql, type SQL } from "drizzle-orm";
import { communities, tierInvites, tiers, type Tier, type TierInvite } from "../../drizzle";
import type { Config, Deps } from "../env";
import type { Db } from "../lib/db";
import { AppError } from "../lib/errors";
import { newId, newSecretToken } from "../lib/ids";
import { parseOrThrow } from "../lib/validation";
import { auditEntry } from "../memberships/audit";
import { inviteInputSchema, type InviteInputRaw } from "./schemas";

/** Invite links: the only way into an invite-only tier. `/c/:slug/join?invite=<token>`. */

export function inviteUrl(config: Pick<Config, "appUrl">, communitySlug: string, token: string): string {
  return `${config.appUrl}/c/${communitySlug}/join?invite=${encodeURIComponent(token)}`;
}

export async function createInvite(deps: Pick<Deps, "db" | "now">, tierId: string, raw: InviteInputRaw, actor: string): Promise<TierInvite> {
  const input = parseOrThrow(inviteInputSchema, raw);
  const tier = await deps.db.query.tiers.findFirst({ where: eq(tiers.id, tierId) });
  if (!tier) throw AppError.notFound("Tier");
  if (tier.archivedAt) throw AppError.conflict("This tier is archived");
  if (tier.visibility !== "invite_only") throw AppError.conflict("Invites are for invite-only tiers; anyone can join a public tier");
  const now = deps.now();
  const invite: TierInvite = {
    id: newId("inv"),
    tierId,
    token: newSecretToken(),
    email: input.email ?? null,
    maxUses: input.maxUses,
    uses: 0,
    expiresAt: new Date(now.getTime() + input.days * 86_400_000),
    createdBy: actor,
    createdAt: now,
  };
  await deps.db.batch([
    deps.db.insert(tierInvites).values(invite),
    auditEntry(deps.db, {
      communityId: tier.communityId,
      actor,
      action: "tier.invite_created",
      subject: tierId,
      detail: { inviteId: invite.id, email: invite.email, maxUses: invite.maxUses, expiresAt: invite.expiresAt.toISOString() },
      at: now,
    }),
  ]);
  return invite;
}

export interface UsableInvite {
  invite: TierInvite;
  tier: Tier;
  communitySlug: string;
}

/**
 * The invite behind a token, if it can still be used at `now`: not expired, uses left, tier not
 * archived. Whether it fits the person joining is `inviteAllows`; taking a use is `consumeInvite`.
 */
export async function findUsableInvite(db: Db, token: string, now: Date): Promise<UsableInvite | null> {
  if (!token || token.length < 20 || token.length > 64) return null;
  const row = await db
    .select({ invite: tierInvites, tier: tiers, communitySlug: communities.slug })
    .from(tierInvites)
    .innerJoin(tiers, eq(tiers.id, tierInvites.tierId))
    .innerJoin(communities, eq(communities.id, tiers.communityId))
    .where(and(eq(tierInvites.token, token), gt(tierInvites.expiresAt, now), lt(tierInvites.uses, tierInvites.maxUses), isNull(tiers.archivedAt)))
    .get();
  return row ?? null;
}

/** An invite naming a person admits only that person; an open one admits anyone with the link. */
export function inviteAllows(invite: Pick<TierInvite, "email">, email: string): boolean {
  return invite.email == null || invite.email === email.trim().toLowerCase();
}

/**
 * Takes one use of an invite, atomically: two people racing for the last use cannot both get it.
 * Returns whether this call took a use. With `now`, an expired invite is refused too.
 */
export async function consumeInvite(db: Db, inviteId: string, now?: Date): Promise<boolean> {
  const conditions = [eq(tierInvites.id, inviteId), lt(tierInvites.uses, tierInvites.maxUses)];
  if (now) conditions.push(gt(tierInvites.expiresAt, now));
  const rows = await db
    .update(tierInvites)
    .set({ uses: sql`${tierInvites.uses} + 1` })
    .where(and(...conditions))
    .returning({ id: tierInvites.id });
  return rows.length === 1;
}

/** Gives back a use taken by `consumeInvite` when nothing came of it (no seat, no Checkout). */
export function giveBackInvite(db: Db, inviteId: string) {
  return db
    .update(tierInvites)
    .set({ uses: sql`${tierInvites.uses} - 1` })
    .where(and(eq(tierInvites.id, inviteId), gt(tierInvites.uses, 0)));
}

/**
 * Gives back the invite uses held by seat holds that are about to lapse: `holds` selects them
 * among the incomplete memberships (alias `m`). Batch it *before* the update that moves them out
 * of "incomplete": a hold can only be released once, so a use is never given back twice.
 */
export function releaseInviteUses(db: Db, holds: SQL) {
  const held = sql`select count(*) from memberships m where m.invite_id = ${tierInvites.id} and m.status = 'incomplete' and ${holds}`;
  return db
    .update(tierInvites)
    .set({ uses: sql`max(${tierInvites.uses} - (${held}), 0)` })
    .where(sql`${tierInvites.id} in (select m.invite_id from memberships m where m.invite_id is not null and m.status = 'incomplete' and ${holds})`);
}

/** A tier's invites, newest first, for the owner's pages. */
export async function listInvites(db: Db, tierId: string, limit = 50): Promise<TierInvite[]> {
  return db.select().from(tierInvites).where(eq(tierInvites.tierId, tierId)).orderBy(desc(tierInvites.createdAt)).limit(limit);
}

export function isUsable(invite: TierInvite, now: Date): boolean {
  return invite.uses < invite.maxUses && invite.expiresAt > now;
}
