import * as z from "zod/mini";
import { ACTIVITY_MODES, NOTIFICATION_KINDS } from "../../drizzle";
import { SlugParams, pathId } from "../api/schemas";
import { lazyFields } from "../lib/lazy-fields";

/** Shapes of the notifications API (src/notifications/api.ts). */

export const NotificationParams = z.extend(SlugParams, lazyFields({
  id: () => pathId("id", "ntf_3k9v2m0c7x1n8b4r5t6y"),
}));

export const NotificationListQuery = z.strictObject(lazyFields({
  before: () => z.optional(z.string().check(z.maxLength(64))).check(z.meta({ description: "`nextBefore` of the previous page" })),
  limit: () => z.optional(z.coerce.number().check(z.int(), z.gte(1), z.lte(50))).check(z.meta({ example: 25 })),
}));

export const NotificationSchema = z.lazy(() =>
  z.object({
    id: z.string(),
    kind: z.enum(NOTIFICATION_KINDS),
    text: z.string().check(z.meta({ description: "Who did what, where; people are named by display name only", example: "Ada Lovelace replied to your post “Pricing a first workshop”" })),
    excerpt: z.string().check(z.meta({ description: "A plain-text excerpt of the post (empty for a closed poll, an event or a level)" })),
    space: z.string().check(z.meta({ description: "The space's name; \"Events\" for a seat opened or an event cancelled, \"Honours\" for a level reached" })),
    url: z.string().check(z.meta({ description: "The thread page, anchored at the reply; the event's page; or the leaderboard" })),
    createdAt: z.iso.datetime(),
    readAt: z.nullable(z.iso.datetime()),
  }).check(z.meta({ id: "Notification" })),
);

export const NotificationListSchema = z.lazy(() =>
  z.object({
    items: z.array(NotificationSchema),
    unread: z.number().check(z.int(), z.meta({ description: "Unread notifications, counted up to 100" })),
    nextBefore: z.nullable(z.string()),
  }).check(z.meta({ id: "NotificationList" })),
);

export const EmailPreferenceSchema = z.lazy(() =>
  z.strictObject({
    activity: z.enum(ACTIVITY_MODES).check(z.meta({ description: "Emails about replies, mentions, followed threads and closed polls: one each, a daily digest, or none" })),
  }).check(z.meta({ id: "NotificationEmailPreference" })),
);
