import { eq } from "drizzle-orm";
import { user, verification } from "../../drizzle/auth";
import { recordSignIn } from "../activity/record";
import type { Deps } from "../env";
import { newId, newSecretToken } from "../lib/ids";
import { MAGIC_LINK_MINUTES, magicLinkEmail } from "./auth";
import { newSession, sessionByToken, splitSessionRow, type Client, type SessionRow, type UserRow } from "./session-store";

/**
 * Emailed sign-in links. A link's token is stored in `verification` under `magic-link:<token>`
 * with `{ type, email, name }` as its value, the shape Better Auth used, so a link sent just before
 * a deploy still works after it.
 */

export const VERIFY_PATH = "/api/auth/magic-link/verify";

const identifierOf = (token: string) => `magic-link:${token}`;

export interface MagicLinkRequest {
  /** Lower-cased already. */
  email: string;
  name?: string;
  /** Same-site paths or URLs on the app's origin (checked by the caller). */
  callbackURL: string;
  newUserCallbackURL?: string;
  errorCallbackURL?: string;
}

/** Stores a one-use link for the address, valid for 15 minutes, and emails it. */
export async function sendMagicLink(deps: Deps, req: MagicLinkRequest): Promise<void> {
  const token = newSecretToken();
  const now = Date.now();
  await deps.db.insert(verification).values({
    id: newId("vrf"),
    identifier: identifierOf(token),
    value: JSON.stringify({ type: "magic-link", email: req.email, name: req.name }),
    expiresAt: new Date(now + MAGIC_LINK_MINUTES * 60_000),
    createdAt: new Date(now),
    updatedAt: new Date(now),
  });
  const url = new URL(VERIFY_PATH, deps.config.appUrl);
  url.searchParams.set("token", token);
  url.searchParams.set("callbackURL", req.callbackURL);
  if (req.newUserCallbackURL) url.searchParams.set("newUserCallbackURL", req.newUserCallbackURL);
  if (req.errorCallbackURL) url.searchParams.set("errorCallbackURL", req.errorCallbackURL);
  await deps.mailer.send(magicLinkEmail(req.email, url.toString()));
}

export interface SignIn {
  token: string;
  session: SessionRow;
  user: UserRow;
  isNewUser: boolean;
}

/**
 * Signs in with a link's token, or null when the link is unknown, used or expired. The token is
 * claimed by deleting its row (`DELETE ... RETURNING`): of two clicks at once, one gets the row and
 * the other nothing, so a link opens at most one session. An expired row is deleted all the same.
 * The user (created on a first sign-in) and the session are then written in one batch.
 */
export async function signInWithLink(deps: Deps, token: string, client: Client): Promise<SignIn | null> {
  const { db } = deps;
  const [claimed] = await db
    .delete(verification)
    .where(eq(verification.identifier, identifierOf(token)))
    .returning({ value: verification.value, expiresAt: verification.expiresAt });
  if (!claimed || claimed.expiresAt.getTime() <= Date.now()) return null;
  const record = linkRecord(claimed.value);
  if (!record) return null;
  const email = record.email.toLowerCase();
  const now = new Date();
  const created = newSession(db, email, client, now.getTime());
  const [inserted, , found] = await db.batch([
    db
      .insert(user)
      .values({ id: newId("usr"), name: record.name ?? "", email, emailVerified: true, createdAt: now, updatedAt: now })
      .onConflictDoNothing({ target: user.email })
      .returning({ id: user.id }),
    created.statement,
    sessionByToken(db, created.token),
  ]);
  const row = found[0] ? splitSessionRow(found[0]) : null;
  if (!row) return null;
  // A link is the only way in, so a new session is a completed sign-in: the activity record counts it.
  await recordSignIn(db, email, deps.now());
  return { token: created.token, session: row.session, user: row.user, isNewUser: inserted.length > 0 };
}

function linkRecord(value: string): { email: string; name?: string } | null {
  try {
    const parsed: unknown = JSON.parse(value);
    if (!parsed || typeof parsed !== "object") return null;
    const { type, email, name } = parsed as Record<string, unknown>;
    if (type !== "magic-link" || typeof email !== "string" || !email.includes("@")) return null;
    return { email, name: typeof name === "string" ? name : undefined };
  } catch {
    return null;
  }
}
