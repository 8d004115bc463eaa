import { spaceSettings, type SpaceSettings } from "../../drizzle";
import type { Deps } from "../env";
import type { Db } from "../lib/db";
import { parseOrThrow } from "../lib/validation";
import { auditEntry } from "../memberships/audit";
import { settingsOf, settingsQuery } from "../spaces/service";
import { rulesInputSchema, type RulesInput } from "./schemas";

/**
 * The owner's rules for the room, kept in space_settings: createPost and createReply read them on
 * every write (hold the first N posts, hold links from young accounts, the hourly limit) and the
 * edit feature reads the edit window. Changing them is audited with the old and new values.
 */

export async function getRules(db: Db, communityId: string): Promise<SpaceSettings> {
  return settingsOf(communityId, await settingsQuery(db, communityId));
}

export const rulesOf = (s: SpaceSettings): RulesInput => ({ holdFirstPosts: s.holdFirstPosts, holdLinksDays: s.holdLinksDays, postsPerHour: s.postsPerHour, editMinutes: s.editMinutes });

export async function saveRules(deps: Pick<Deps, "db" | "now">, communityId: string, raw: unknown, actor: string): Promise<SpaceSettings> {
  const input = parseOrThrow(rulesInputSchema, raw);
  const before = rulesOf(await getRules(deps.db, communityId));
  const at = deps.now();
  const row = { communityId, ...input, updatedAt: at };
  const [saved] = await deps.db.batch([
    deps.db.insert(spaceSettings).values(row).onConflictDoUpdate({ target: spaceSettings.communityId, set: { ...input, updatedAt: at } }).returning(),
    auditEntry(deps.db, { communityId, actor, action: "space.rules_changed", subject: communityId, detail: { before, after: input }, at }),
  ]);
  return saved[0]!;
}
