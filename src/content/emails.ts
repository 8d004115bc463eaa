import type { Community, Drop } from "../../drizzle";
import type { Config } from "../env";
import type { OutgoingEmail } from "../platform/email";

/**
 * Drop notifications. They are only built for people the gate has just opened the drop for,
 * so an excerpt of the body may go in; the full body stays on the site.
 */

const EXCERPT = 240;

/** A plain-text excerpt of a Markdown body (the email is text only, so nothing in it can run). */
export function excerptOf(body: string, max = EXCERPT): string {
  const text = body
    .replace(/```[\s\S]*?```/g, " ")
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/<[^>]*>/g, " ")
    .replace(/[#>*_`~|]/g, "")
    .replace(/\s+/g, " ")
    .trim();
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

const dropUrl = (config: Pick<Config, "appUrl">, community: Pick<Community, "slug">, drop: Pick<Drop, "id">) => `${config.appUrl}/c/${community.slug}/drops/${drop.id}`;
/**
 * The lists a member can leave with one click, each under the same token: drop emails (the
 * default, as the first links went out) and activity in the space (replies, mentions, polls).
 */
export const UNSUBSCRIBE_LISTS = ["drops", "activity"] as const;
export type UnsubscribeList = (typeof UNSUBSCRIBE_LISTS)[number];

export const unsubscribeUrl = (config: Pick<Config, "appUrl">, community: Pick<Community, "slug">, token: string, list: UnsubscribeList = "drops") =>
  `${config.appUrl}/c/${community.slug}/unsubscribe/${token}${list === "drops" ? "" : `?list=${list}`}`;

/** RFC 8058 one-click unsubscribe: mail providers POST `List-Unsubscribe=One-Click` to the URL. */
export function unsubscribeHeaders(url: string): Record<string, string> {
  return { "List-Unsubscribe": `<${url}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" };
}

/** The closing lines of every member email: why it came, where to change that, how to stop it. */
export function emailFooter(config: Pick<Config, "appUrl">, community: Pick<Community, "slug" | "name">, token: string, why: string, list: UnsubscribeList = "drops"): string[] {
  return [
    "",
    "--",
    `${why} Change this on your member home: ${config.appUrl}/c/${community.slug}/home#notify`,
    `Unsubscribe from these emails: ${unsubscribeUrl(config, community, token, list)}`,
  ];
}

export function dropEmail(config: Pick<Config, "appUrl">, community: Pick<Community, "slug" | "name">, to: string, drop: Drop, token: string): OutgoingEmail {
  const excerpt = excerptOf(drop.body);
  const text = [
    `New in ${community.name}:`,
    "",
    drop.title,
    ...(drop.topics.length ? [`Topics: ${drop.topics.join(", ")}`] : []),
    ...(excerpt ? ["", excerpt] : []),
    "",
    `Read it: ${dropUrl(config, community, drop)}`,
    ...emailFooter(config, community, token, "You get an email for each new drop."),
  ].join("\n");
  return { to, subject: `${community.name}: ${drop.title}`, text, kind: "drop_published", headers: unsubscribeHeaders(unsubscribeUrl(config, community, token)) };
}

export function digestEmail(config: Pick<Config, "appUrl">, community: Pick<Community, "slug" | "name">, to: string, dropsIn: Drop[], token: string): OutgoingEmail {
  const lines = dropsIn.flatMap((d) => {
    const excerpt = excerptOf(d.body, 160);
    return [`* ${d.title}`, ...(excerpt ? [`  ${excerpt}`] : []), `  ${dropUrl(config, community, d)}`, ""];
  });
  const text = [`This week in ${community.name}: ${dropsIn.length} new ${dropsIn.length === 1 ? "drop" : "drops"}.`, "", ...lines, ...emailFooter(config, community, token, "You get a weekly digest.")].join("\n");
  return { to, subject: `${community.name}: your weekly digest (${dropsIn.length})`, text, kind: "drop_digest", headers: unsubscribeHeaders(unsubscribeUrl(config, community, token)) };
}
