import { z } from "@hono/zod-openapi";
import { ACTIVITY_MODES, NOTIFICATION_KINDS } from "../../drizzle";
import { SlugParams } from "../api/schemas";
import { lazyFields } from "../lib/lazy-fields";

/** Shapes of the notifications API (src/notifications/api.ts). */

export const NotificationParams = SlugParams.extend(lazyFields({
  id: () => z.string().min(1).max(64).openapi({ param: { name: "id", in: "path" }, example: "ntf_3k9v2m0c7x1n8b4r5t6y" }),
}));

export const NotificationListQuery = z.strictObject(lazyFields({
  before: () => z.string().max(64).optional().openapi({ description: "`nextBefore` of the previous page" }),
  limit: () => z.coerce.number().int().min(1).max(50).optional().openapi({ example: 25 }),
}));

export const NotificationSchema = z.lazy(() =>
  z
    .object({
      id: z.string(),
      kind: z.enum(NOTIFICATION_KINDS),
      text: z.string().openapi({ description: "Who did what, where; people are named by display name only", example: "Ada Lovelace replied to your post “Pricing a first workshop”" }),
      excerpt: z.string().openapi({ description: "A plain-text excerpt of the post (empty for a closed poll, an event or a level)" }),
      space: z.string().openapi({ description: "The space's name; \"Events\" for a seat opened or an event cancelled, \"Honours\" for a level reached" }),
      url: z.string().openapi({ description: "The thread page, anchored at the reply; the event's page; or the leaderboard" }),
      createdAt: z.iso.datetime(),
      readAt: z.iso.datetime().nullable(),
    })
    .openapi("Notification"),
);

export const NotificationListSchema = z.lazy(() =>
  z
    .object({
      items: z.array(NotificationSchema),
      unread: z.number().int().openapi({ description: "Unread notifications, counted up to 100" }),
      nextBefore: z.string().nullable(),
    })
    .openapi("NotificationList"),
);

export const EmailPreferenceSchema = z.lazy(() =>
  z
    .strictObject({
      activity: z.enum(ACTIVITY_MODES).openapi({ description: "Emails about replies, mentions, followed threads and closed polls: one each, a daily digest, or none" }),
    })
    .openapi("NotificationEmailPreference"),
);
