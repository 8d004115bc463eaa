import { sql } from "drizzle-orm";
import { index, integer, primaryKey, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { lazyTable } from "./lazy-table";
import type { AnswerValue } from "./applications";
import { communities } from "./communities";

/**
 * How a person is known inside one community: the name other members see instead of any part of
 * their email, a short bio and an optional avatar (an R2 object served only through the access
 * check). `display_name_key` is the lower-cased, normalised name; unique per community so that an
 * @mention names exactly one person.
 */
export const memberProfiles = lazyTable(
  "member_profiles",
  () => ({
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
    /**
     * The person's id in directory and profile URLs (and API cursors): random, so a URL says
     * nothing about the email. Set on every save; rows from before the directory get one then.
     */
    publicId: text("public_id"),
    city: text("city"),
    /** https links the member lists on their profile, in their order. */
    links: text("links", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  }),
  (t) => [
    primaryKey({ columns: [t.communityId, t.email] }),
    uniqueIndex("member_profiles_name_key").on(t.communityId, t.displayNameKey),
    index("member_profiles_avatar_idx").on(t.avatarKey),
    uniqueIndex("member_profiles_public_idx").on(t.communityId, t.publicId),
    // The unfiltered directory pages by (created, public id), newest first.
    index("member_profiles_directory_idx").on(t.communityId, t.createdAt, t.publicId),
  ],
);

/**
 * The answers a member chose to show, copied from their approved application when they chose.
 * Pages and the API read shown answers from here only, so an answer the member did not pick
 * (or a rejected application's) is never even loaded for others.
 */
export const profileAnswers = lazyTable(
  "profile_answers",
  () => ({
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    questionId: text("question_id").notNull(),
    value: text("value", { mode: "json" }).$type<AnswerValue>().notNull(),
  }),
  (t) => [primaryKey({ columns: [t.communityId, t.email, t.questionId] })],
);

/**
 * The directory's and the introductions' index, rewritten with each profile save: one row per
 * shown value (`question_id` a question's id, or "city", or "name" for each word of the display
 * name), normalised in `value_key`. `sort_key` and `public_id` are the profile's directory order,
 * so a filtered page is a range read of one index however large the community is.
 */
export const profileFacets = lazyTable(
  "profile_facets",
  () => ({
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "cascade" }),
    questionId: text("question_id").notNull(),
    valueKey: text("value_key").notNull(),
    email: text("email").notNull(),
    /** The value as the member wrote it, for reasons ("you both enjoy Bouldering"). */
    label: text("label").notNull(),
    sortKey: integer("sort_key").notNull(),
    publicId: text("public_id").notNull(),
  }),
  (t) => [
    primaryKey({ columns: [t.communityId, t.questionId, t.valueKey, t.email] }),
    index("profile_facets_order_idx").on(t.communityId, t.questionId, t.valueKey, t.sortKey, t.publicId),
    index("profile_facets_member_idx").on(t.communityId, t.email),
  ],
);

/**
 * Who sees the directory, profiles and introductions (staff always do; members from
 * `min_rank` up, every member when null), and the space whose new-post form greets a new member
 * with a welcome post drafted from their profile. No row: every member, no welcome space.
 */
export const directorySettings = lazyTable("directory_settings", () => ({
  communityId: text("community_id")
    .primaryKey()
    .references(() => communities.id, { onDelete: "cascade" }),
  minRank: integer("min_rank"),
  introSpaceId: text("intro_space_id"),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
}));

export type MemberProfile = typeof memberProfiles.$inferSelect;
export type ProfileAnswer = typeof profileAnswers.$inferSelect;
export type ProfileFacet = typeof profileFacets.$inferSelect;
export type DirectorySettings = typeof directorySettings.$inferSelect;
