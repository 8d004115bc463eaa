import type { Community, NotificationKind } from "../../drizzle";
import { emailFooter, unsubscribeHeaders, unsubscribeUrl } from "../content/emails";
import type { Config } from "../env";
import type { OutgoingEmail } from "../platform/email";
import { describe, excerpt, notificationPath, type Subject } from "./describe";

/**
 * Emails about activity in the space, under the member's activity preference: one per
 * notification ("each") or one digest a day ("daily"). Built only for notifications the
 * recipient may read (see deliver.ts and digest.ts); people are named by display name only.
 */

export interface EmailItem {
  kind: NotificationKind;
  /** The actor's display name. */
  actor: string;
  subject: Subject;
}

const link = (config: Pick<Config, "appUrl">, s: Subject) => `${config.appUrl}${notificationPath(s)}`;

function mail(config: Pick<Config, "appUrl">, community: Pick<Community, "slug" | "name">, to: string, token: string, subject: string, body: string[], why: string, kind: string): OutgoingEmail {
  const text = [...body, ...emailFooter(config, community, token, why, "activity")].join("\n");
  return { to, subject, text, kind, headers: unsubscribeHeaders(unsubscribeUrl(config, community, token, "activity")) };
}

export function activityEmail(config: Pick<Config, "appUrl">, community: Pick<Community, "slug" | "name">, to: string, item: EmailItem, token: string): OutgoingEmail {
  const line = describe(item.kind, item.actor, item.subject);
  const quote = item.kind === "poll_closed" ? "" : excerpt(item.subject, 240);
  const body = [`${line}, in ${item.subject.space.name}:`, ...(quote ? ["", quote] : []), "", `Read it: ${link(config, item.subject)}`];
  return mail(config, community, to, token, `${community.name}: ${line}`, body, "You get an email for each reply, mention and closed poll.", `notification_${item.kind}`);
}

export function activityDigestEmail(
  config: Pick<Config, "appUrl">,
  community: Pick<Community, "slug" | "name">,
  to: string,
  items: EmailItem[],
  more: boolean,
  token: string,
): OutgoingEmail {
  const lines = items.flatMap((it) => {
    const quote = it.kind === "poll_closed" ? "" : excerpt(it.subject, 160);
    return [`* ${describe(it.kind, it.actor, it.subject)} (${it.subject.space.name})`, ...(quote ? [`  ${quote}`] : []), `  ${link(config, it.subject)}`, ""];
  });
  const count = `${items.length}${more ? "+" : ""}`;
  const body = [
    `Today in ${community.name}: ${count} ${count === "1" ? "notification" : "notifications"} for you.`,
    "",
    ...lines,
    ...(more ? [`And more in your notifications: ${config.appUrl}/c/${community.slug}/notifications`, ""] : []),
  ];
  return mail(config, community, to, token, `${community.name}: your daily notifications (${count})`, body, "You get a daily digest of replies, mentions and closed polls.", "notification_digest");
}
