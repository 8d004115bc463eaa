import type { Community } from "../../drizzle";
import type { Config } from "../env";
import { escapeHtml, renderMarkdown } from "../ui/markdown";
import type { FeedItem } from "./feed";

/**
 * A private RSS 2.0 feed: the same items as the reader's feed (open drops only, never teasers),
 * each with its body rendered by the safe Markdown renderer and escaped into the XML.
 */

const xml = escapeHtml;

function item(config: Pick<Config, "appUrl">, community: Pick<Community, "slug">, it: FeedItem): string {
  const link = `${config.appUrl}/c/${community.slug}/drops/${it.drop.id}`;
  return [
    "<item>",
    `<title>${xml(it.drop.title)}</title>`,
    `<link>${xml(link)}</link>`,
    `<guid isPermaLink="false">${xml(it.drop.id)}</guid>`,
    `<pubDate>${(it.unlockAt > it.drop.publishAt! ? it.unlockAt : it.drop.publishAt!).toUTCString()}</pubDate>`,
    ...it.drop.topics.map((t) => `<category>${xml(t)}</category>`),
    `<description>${xml(renderMarkdown(it.drop.body))}</description>`,
    "</item>",
  ].join("");
}

export function renderRss(config: Pick<Config, "appUrl">, community: Pick<Community, "slug" | "name" | "tagline">, items: FeedItem[]): string {
  const home = `${config.appUrl}/c/${community.slug}/home`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0">',
    "<channel>",
    `<title>${xml(community.name)}</title>`,
    `<link>${xml(home)}</link>`,
    `<description>${xml(community.tagline || `Drops from ${community.name}`)}</description>`,
    ...items.map((it) => item(config, community, it)),
    "</channel>",
    "</rss>",
  ].join("\n");
}
