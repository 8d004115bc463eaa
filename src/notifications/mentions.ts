import type { Db } from "../lib/db";
import { resolveMentions } from "../profiles/mentions";

/** The emails of the members a post's body @mentions (by display name; see profiles/mentions.ts). */
export async function mentionedEmails(db: Db, communityId: string, body: string): Promise<string[]> {
  return (await resolveMentions(db, communityId, body)).map((m) => m.email);
}
