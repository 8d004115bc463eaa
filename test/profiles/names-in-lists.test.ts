import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { saveProfile } from "../../src/profiles/service";
import { call, signIn, tools } from "../helpers";
import { post, spaceCommunity } from "../spaces/helpers";

const html = { accept: "text/html" };

/**
 * Lists that name each row's author inside their statement (`displayNameSql`: a space's threads,
 * a thread's replies, the front page) read the name this community knows. drizzle writes a
 * one-table select's columns bare, and the name's subquery once read
 * `where "community_id" = "community_id"`: the author's name from any community they belong to.
 */
describe("authors' names in lists", () => {
  it("come from this community, never from another one the author belongs to", async () => {
    const a = await spaceCommunity({ members: 1 });
    const b = await spaceCommunity({ members: 2 });
    const person = a.member(1);
    // The same person joins B (same address), and is named "Private Alias" in A only.
    const at = tools().deps.now().getTime() - 86_400_000;
    await env.DB.prepare("INSERT INTO memberships (id, community_id, email, tier_id, status, comped, cancel_at_period_end, joined_at, created_at, updated_at) VALUES (?, ?, ?, ?, 'active', 1, 0, ?, ?, ?)")
      .bind(`mem_${crypto.randomUUID().replaceAll("-", "").slice(0, 20)}`, b.community.id, person, b.tiers.member.id, at, at, at)
      .run();
    await saveProfile(tools().deps, env.FILES, a.community, person, { displayName: "Private Alias" });
    const thread = await post(b.community, b.spaces.ask, person, { title: "Hello from B", body: "First post here" });

    const reader = await signIn(b.member(2));
    const pages = [
      await call(`/api/v1/communities/${b.community.slug}/spaces/ask/threads`, { cookie: reader }),
      await call(`/c/${b.community.slug}/s/ask`, { cookie: reader, headers: html }),
      await call(`/c/${b.community.slug}/s/ask/t/${thread.id}`, { cookie: reader, headers: html }),
      await call(`/c/${b.community.slug}/home`, { cookie: reader, headers: html }),
    ];
    for (const res of pages) {
      expect(res.status, res.url).toBe(200);
      const text = await res.text();
      expect(text, res.url).toContain("Hello from B");
      expect(text, res.url).not.toContain("Private Alias");
    }
    // In A, where the name was chosen, it is shown.
    const inA = await post(a.community, a.spaces.ask, person, { title: "Hello from A", body: "Named here" });
    const page = await (await call(`/c/${a.community.slug}/s/ask/t/${inA.id}`, { cookie: await signIn(person), headers: html })).text();
    expect(page).toContain("Private Alias");
  });
});
