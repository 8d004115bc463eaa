import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { communities } from "./communities";

/**
 * How a person is known inside one community: the name other members see instead of any part of
 * their email, a short bio and an optional avatar (an R2 object served only through the access
 * check). `display_name_key` is the lower-cased, normalised name; unique per community so that an
 * @mention names exactly one person.
 */
export const memberProfiles = sqliteTable(
  "member_profiles",
  {
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    displayName: text("display_name").notNull(),
    displayNameKey: text("display_name_key").notNull(),
    bio: text("bio"),
    /** `avatars/<community>/<160-bit token>`; the token is the last path segment of the avatar URL. */
    avatarKey: text("avatar_key"),
    avatarType: text("avatar_type"),
    avatarSize: integer("avatar_size"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.communityId, t.email] }),
    uniqueIndex("member_profiles_name_key").on(t.communityId, t.displayNameKey),
    index("member_profiles_avatar_idx").on(t.avatarKey),
  ],
);

export type MemberProfile = typeof memberProfiles.$inferSelect;
