import { and, asc, desc, eq, or, type SQL } from "drizzle-orm";
import {
  auditLog,
  bans,
  communityStaff,
  memberships,
  tierPrices,
  tiers,
  type AuditEntry,
  type Membership,
  type MembershipStatus,
  type StaffRole,
  type Tier,
  type TierPrice,
} from "../../drizzle";
import { containsText, type Db } from "../lib/db";
import { AppError } from "../lib/errors";
import { once } from "../lib/lazy-fields";
import { pastCursor } from "../lib/cursor";

/** A membership with what the owner needs beside it: its tier and the price it pays (if any). */
export interface MemberRow {
  membership: Membership;
  tier: Pick<Tier, "id" | "name" | "rank">;
  price: Pick<TierPrice, "id" | "interval" | "amount" | "currency"> | null;
}

export interface MemberFilter {
  tierId?: string;
  status?: MembershipStatus;
  /** Part of an email address. */
  q?: string;
  limit?: number;
  /** Opaque cursor from a previous page: `<createdAt ms>:<id>`. */
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

const memberColumns = once(() => ({
  membership: memberships,
  tier: { id: tiers.id, name: tiers.name, rank: tiers.rank },
  price: { id: tierPrices.id, interval: tierPrices.interval, amount: tierPrices.amount, currency: tierPrices.currency },
}));

function memberQuery(db: Db) {
  return db
    .select(memberColumns())
    .from(memberships)
    .innerJoin(tiers, eq(tiers.id, memberships.tierId))
    .leftJoin(tierPrices, eq(tierPrices.id, memberships.priceId));
}

/**
 * One page of a community's memberships, newest first, keyset-paginated on
 * memberships_community_created_idx (or memberships_community_status_idx with a status).
 */
export async function listMembers(db: Db, communityId: string, filter: MemberFilter = {}): Promise<Page<MemberRow>> {
  return membersPage(db, communityId, filter, clampLimit(filter.limit));
}

/** The same page with any size: the CSV export reads bigger pages than a person or an API client may ask for. */
export async function membersPage(db: Db, communityId: string, filter: Omit<MemberFilter, "limit">, limit: number): Promise<Page<MemberRow>> {
  const where: SQL[] = [eq(memberships.communityId, communityId)];
  if (filter.status) where.push(eq(memberships.status, filter.status));
  if (filter.tierId) where.push(eq(memberships.tierId, filter.tierId));
  if (filter.q) where.push(containsText(memberships.email, filter.q));
  const cursor = parseCursor(filter.cursor);
  if (cursor) where.push(pastCursor("desc", memberships.createdAt, memberships.id, cursor.at.getTime(), cursor.id));
  const rows = await memberQuery(db)
    .where(and(...where))
    .orderBy(desc(memberships.createdAt), desc(memberships.id))
    .limit(limit + 1);
  return pageOf(rows, limit, (r) => r.membership);
}

export interface MemberDetail extends MemberRow {
  staffRole: StaffRole | null;
  banned: boolean;
}

/** A membership of the community, with its tier, price, the person's staff role and ban. */
export async function getMember(db: Db, communityId: string, membershipId: string): Promise<MemberDetail> {
  const row = await memberQuery(db)
    .where(and(eq(memberships.id, membershipId), eq(memberships.communityId, communityId)))
    .get();
  if (!row) throw AppError.notFound("Member");
  const email = row.membership.email;
  const [staff, ban] = await db.batch([
    db.select({ role: communityStaff.role }).from(communityStaff).where(and(eq(communityStaff.communityId, communityId), eq(communityStaff.email, email))),
    db.select({ email: bans.email }).from(bans).where(and(eq(bans.communityId, communityId), eq(bans.email, email))),
  ]);
  return { ...row, staffRole: staff[0]?.role ?? null, banned: ban.length > 0 };
}

/** The community's tiers by rank (archived ones too: members may still sit in them). */
export async function listCommunityTiers(db: Db, communityId: string): Promise<Tier[]> {
  return db.select().from(tiers).where(eq(tiers.communityId, communityId)).orderBy(asc(tiers.rank), asc(tiers.name));
}

/** One page of the community's audit log, newest first. */
export async function listAudit(db: Db, communityId: string, opts: { limit?: number; cursor?: string } = {}): Promise<Page<AuditEntry>> {
  const limit = clampLimit(opts.limit);
  const where: SQL[] = [eq(auditLog.communityId, communityId)];
  const cursor = parseCursor(opts.cursor);
  if (cursor) where.push(pastCursor("desc", auditLog.createdAt, auditLog.id, cursor.at.getTime(), cursor.id));
  const rows = await db
    .select()
    .from(auditLog)
    .where(and(...where))
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(limit + 1);
  return pageOf(rows, limit, (r) => r);
}

function clampLimit(limit?: number): number {
  return Math.min(Math.max(Math.trunc(limit ?? 50), 1), 200);
}

function pageOf<T>(rows: T[], limit: number, keyOf: (row: T) => { createdAt: Date; id: string }): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? `${keyOf(last).createdAt.getTime()}:${keyOf(last).id}` : null };
}

function parseCursor(cursor?: string): { at: Date; id: string } | null {
  const m = cursor?.match(/^(\d+):([a-z]+_[a-z0-9]+)$/);
  return m ? { at: new Date(Number(m[1])), id: m[2]! } : null;
}
