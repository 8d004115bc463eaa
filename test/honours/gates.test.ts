import { beforeAll, describe, expect, it } from "vitest";
import type { Post, Space } from "../../drizzle";
import { createDrop } from "../../src/content/drops";
import { pointStatements } from "../../src/honours/points";
import { createSpace } from "../../src/spaces/service";
import { api } from "../api/helpers";
import { call, signIn, tools } from "../helpers";
import { OWNER, post, spaceCommunity } from "../spaces/helpers";

/**
 * Level gates go through the one access check: a space (read) or a drop with a minimum level is
 * shut to members below it on every exit (space and thread pages, the API, the feed, search, the
 * drop page), open to members at or above it and to staff, and opens the moment a member's points
 * reach the level.
 */

const html = { accept: "text/html" };

describe("level gates", { timeout: 120_000 }, () => {
  let s: Awaited<ReturnType<typeof spaceCommunity>>;
  let elders: Space;
  let thread: Post;
  let dropId: string;
  const marker = `eldermark${crypto.randomUUID().slice(0, 8)}`;
  const dropMarker = `dropmark${crypto.randomUUID().slice(0, 8)}`;
  const cookies: Record<"low" | "high" | "owner", string> = { low: "", high: "", owner: "" };

  async function lift(email: string, points: number, source: string) {
    const { deps } = tools();
    await deps.db.batch(pointStatements(deps.db, { communityId: s.community.id, email, points, reason: "test", sourceKind: "test", sourceId: source, at: deps.now() }) as [ReturnType<typeof pointStatements>[number]]);
  }

  beforeAll(async () => {
    s = await spaceCommunity({ members: 3 });
    const { deps } = tools();
    elders = await createSpace(deps, s.community.id, { name: "Elders", slug: "elders", readMinLevel: 2 });
    thread = await post(s.community, elders, OWNER, { title: "For level 2", body: `${marker} inside` });
    const drop = await createDrop(
      deps,
      s.community,
      { title: `Level drop ${dropMarker}`, body: `${dropMarker} body`, status: "scheduled", publishAt: new Date(deps.now().getTime() - 3_600_000).toISOString(), minLevel: 2, targets: [{ tierId: s.tiers.member.id, offsetHours: 0 }] },
      OWNER,
    );
    dropId = drop.drop.id;
    await lift(s.member(2), 5, "high");
    cookies.low = await signIn(s.member1);
    cookies.high = await signIn(s.member(2));
    cookies.owner = await signIn(OWNER);
  });

  async function exits(who: keyof typeof cookies) {
    const slug = s.community.slug;
    const cookie = cookies[who];
    const page = await call(`/c/${slug}/s/elders/t/${thread.id}`, { cookie, headers: html });
    const spacePage = await call(`/c/${slug}/s/elders`, { cookie, headers: html });
    const spaces = (await (await api(`/communities/${slug}/spaces`, { auth: cookie })).json()) as { spaces: { slug: string }[] };
    const apiThread = await api(`/communities/${slug}/spaces/elders/threads/${thread.id}`, { auth: cookie });
    const search = await (await call(`/c/${slug}/search?q=${marker}`, { cookie, headers: html })).text();
    const apiSearch = await (await api(`/communities/${slug}/search?q=${marker}`, { auth: cookie })).text();
    const dropSearch = await (await api(`/communities/${slug}/search?q=${dropMarker}`, { auth: cookie })).text();
    const feed = await (await api(`/communities/${slug}/feed?limit=20`, { auth: cookie })).text();
    const dropPage = await call(`/c/${slug}/drops/${dropId}`, { cookie, headers: html });
    return {
      threadPage: page.status === 200 && (await page.text()).includes(marker),
      spacePage: spacePage.status === 200,
      spaceListed: spaces.spaces.some((x) => x.slug === "elders"),
      apiThread: apiThread.status === 200 && (await apiThread.text()).includes(marker),
      search: search.includes(marker) && search.includes(thread.id),
      apiSearch: apiSearch.includes(thread.id),
      dropSearch: dropSearch.includes(dropId),
      feed: feed.includes(dropId),
      dropPage: dropPage.status === 200 && (await dropPage.text()).includes(dropMarker),
    };
  }

  const everywhere = (v: boolean) => ({ threadPage: v, spacePage: v, spaceListed: v, apiThread: v, search: v, apiSearch: v, dropSearch: v, feed: v, dropPage: v });

  it("shuts members below the level out of every exit, and lets those at the level and staff in", async () => {
    expect(await exits("low")).toEqual(everywhere(false));
    expect(await exits("high")).toEqual(everywhere(true));
    expect(await exits("owner")).toEqual(everywhere(true));
  });

  it("opens as soon as the member's points reach the level, and shuts again if they fall back", async () => {
    await lift(s.member1, 5, "low-up");
    expect(await exits("low")).toEqual(everywhere(true));
    const { deps } = tools();
    const { revokePointStatements } = await import("../../src/honours/points");
    await deps.db.batch(revokePointStatements(deps.db, { communityId: s.community.id, sourceKind: "test", sourceId: "low-up" }) as [ReturnType<typeof revokePointStatements>[number]]);
    expect(await exits("low")).toEqual(everywhere(false));
  });

  it("refuses gates outside the levels with a clear 400", async () => {
    const slug = s.community.slug;
    const res = await api(`/communities/${slug}/spaces`, { method: "POST", auth: cookies.owner, body: { name: "Bad", slug: "bad", readMinLevel: 11 } });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain("readMinLevel");
    const drop = await api(`/communities/${slug}/drops`, { method: "POST", auth: cookies.owner, body: { title: "Bad", minLevel: 1 } });
    expect(drop.status).toBe(400);
    expect(JSON.stringify(await drop.json())).toContain("minLevel");
  });
});
