import { eq, sql } from "drizzle-orm";
import { session, user } from "../../drizzle/auth";
import type { Db } from "../lib/db";
import { newId, newSecretToken } from "../lib/ids";
import { once } from "../lib/lazy-fields";
import { SESSION_DAYS, SESSION_UPDATE_AGE_SECONDS } from "./auth";

/**
 * Sessions in D1, one row per signed-in device. Times here are the real clock (Date.now), not the
 * dev clock: moving the simulated calendar forward must not sign everyone out.
 */

const SESSION_MS = SESSION_DAYS * 86_400_000;

export type SessionRow = typeof session.$inferSelect;
export type UserRow = typeof user.$inferSelect;

/**
 * A session and its user as one flat row, for batches: D1 keys a batch's result columns by name,
 * so the user's id and times (which the session has too) are aliased apart.
 */
export const sessionWithUser = once(() => ({
  id: session.id,
  expiresAt: session.expiresAt,
  token: session.token,
  createdAt: session.createdAt,
  updatedAt: session.updatedAt,
  ipAddress: session.ipAddress,
  userAgent: session.userAgent,
  userId: session.userId,
  name: user.name,
  email: user.email,
  emailVerified: user.emailVerified,
  image: user.image,
  userCreatedAt: sql<Date>`${user.createdAt}`.mapWith(user.createdAt).as("user_created_at"),
  userUpdatedAt: sql<Date>`${user.updatedAt}`.mapWith(user.updatedAt).as("user_updated_at"),
}));

/** The reads of `sessionWithUser` for one token (at most one row). */
export function sessionByToken(db: Db, token: string) {
  return db.select(sessionWithUser()).from(session).innerJoin(user, eq(user.id, session.userId)).where(eq(session.token, token)).limit(1);
}

type SessionWithUser = Awaited<ReturnType<typeof sessionByToken>>[number];

export function splitSessionRow(row: SessionWithUser): { session: SessionRow; user: UserRow } {
  const { name, email, emailVerified, image, userCreatedAt, userUpdatedAt, ...sessionRow } = row;
  return { session: sessionRow, user: { id: row.userId, name, email, emailVerified, image, createdAt: userCreatedAt, updatedAt: userUpdatedAt } };
}

export interface NewSession {
  token: string;
  /** Batch this with the writes of the sign-in it completes. */
  statement: ReturnType<typeof insertSession>;
}

/** Where a session was opened from, as the session row records it. */
export interface Client {
  ipAddress: string;
  userAgent: string;
}

/**
 * A session for the user with this email (the user row may be written in the same batch, before
 * this statement). The token is 160 bits from the CSPRNG (lib/ids.ts).
 */
export function newSession(db: Db, email: string, client: Client, now = Date.now()): NewSession {
  const token = newSecretToken();
  return { token, statement: insertSession(db, email, token, client, now) };
}

/** Columns in the table's order: an insert from a select fills them all. */
function insertSession(db: Db, email: string, token: string, client: Client, now: number) {
  return db.insert(session).select(
    sql`select ${newId("ses")}, ${now + SESSION_MS}, ${token}, ${now}, ${now}, ${client.ipAddress}, ${client.userAgent}, ${user.id} from ${user} where ${user.email} = ${email}`,
  );
}

/** Whether a live session's expiry is due to slide forward (it last did a day or more ago). */
export function dueForRefresh(expiresAt: Date, now = Date.now()): boolean {
  return expiresAt.getTime() - SESSION_MS + SESSION_UPDATE_AGE_SECONDS * 1000 <= now;
}

/** Moves the session's expiry to 30 days from now; null when the session is gone (signed out meanwhile). */
export async function slideSession(db: Db, token: string, now = Date.now()): Promise<Date | null> {
  const [row] = await db
    .update(session)
    .set({ expiresAt: new Date(now + SESSION_MS), updatedAt: new Date(now) })
    .where(eq(session.token, token))
    .returning({ expiresAt: session.expiresAt });
  return row?.expiresAt ?? null;
}

export async function deleteSession(db: Db, token: string): Promise<void> {
  await db.delete(session).where(eq(session.token, token));
}
