import { describe, expect, it } from "vitest";
import { setStaffRole } from "../../src/communities/service";
import { call, postForm, signIn, tools } from "../helpers";
import { contentCommunity, memberOf, OWNER, staggeredDrop, unique } from "./helpers";

const html = { accept: "text/html" };

describe("comments, reactions, mutes and insights", { timeout: 60_000 }, () => {
  it("members comment and react; moderators delete comments and mute; the owner sees it all in insights", async () => {
    const tiers = await contentCommunity();
    const { slug } = tiers.community;
    const alice = unique("alice");
    const bob = unique("bob");
    const mod = unique("mod");
    await memberOf(tiers.community, tiers.core, alice);
    await memberOf(tiers.community, tiers.core, bob);
    await setStaffRole(tools().deps, tiers.community.id, mod, "moderator");
    const { drop } = await staggeredDrop(tiers.community, tiers, { title: "Talk about it" });
    const path = `/c/${slug}/drops/${drop.id}`;
    const [a, b, m, owner] = await Promise.all([signIn(alice), signIn(bob), signIn(mod), signIn(OWNER)]);

    expect((await postForm(`${path}/comments`, { body: "Great *drop*" }, a)).status).toBe(303);
    expect((await postForm(`${path}/comments`, { body: "Buy my course" }, b)).status).toBe(303);
    expect((await postForm(`${path}/comments`, { body: "   " }, a)).status).toBe(400);
    expect((await postForm(`${path}/reactions`, { emoji: "heart" }, a)).status).toBe(303);
    expect((await postForm(`${path}/reactions`, { emoji: "heart" }, b)).status).toBe(303);
    expect((await postForm(`${path}/reactions`, { emoji: "tada" }, b)).status).toBe(303);
    expect((await postForm(`${path}/reactions`, { emoji: "tada" }, b)).status).toBe(303); // toggled off
    expect((await postForm(`${path}/reactions`, { emoji: "skull" }, b)).status).toBe(400);

    const seen = await (await call(path, { cookie: a, headers: html })).text();
    expect(seen).toContain("Great <em>drop</em>");
    // Each button's accessible name is its label plus the count it shows ("Love 2").
    expect(seen).toContain('<span aria-hidden="true">❤️</span><span class="visually-hidden">Love</span> <span class="count">2</span>');
    expect(seen).toContain('<span class="visually-hidden">Celebrate</span> <span class="count">0</span>');
    expect(seen).not.toMatch(/aria-label="[A-Za-z ]+ \(\d+\)"/);
    expect(seen).not.toContain("Delete comment");
    // Members see each other by the name before @, not the address.
    expect(seen).not.toContain(bob);

    const modView = await (await call(path, { cookie: m, headers: html })).text();
    expect(modView).toContain("Delete comment");
    const spamId = /<li class="card" id="(cmt_[0-9a-z]+)">(?:(?!<\/li>).)*Buy my course/s.exec(modView)?.[1];
    expect(spamId).toBeTruthy();
    expect((await postForm(`${path}/comments/${spamId}/delete`, {}, a)).status).toBe(403);
    expect((await postForm(`${path}/comments/${spamId}/delete`, {}, m)).status).toBe(303);
    expect((await postForm(`/c/${slug}/admin/content/mutes`, { email: bob, reason: "Selling", back: drop.id }, m)).status).toBe(303);

    const muted = await call(path, { cookie: b, headers: html });
    expect(muted.status).toBe(200);
    const mutedHtml = await muted.text();
    expect(mutedHtml).not.toContain("Buy my course");
    expect(mutedHtml).toContain("You are muted in this community");
    expect((await postForm(`${path}/comments`, { body: "again" }, b)).status).toBe(403);
    expect((await postForm(`${path}/reactions`, { emoji: "heart" }, b)).status).toBe(403);

    const admin = await (await call(`/c/${slug}/admin/content`, { cookie: owner, headers: html })).text();
    expect(admin).toContain(bob);
    // Readers (alice, bob), views (alice 1, bob 1; staff views are not counted), comments (1 left), reactions (2 hearts).
    expect(admin).toMatch(/Talk about it<\/a><\/td>(?:(?!<\/tr>).)*<td data-label="Readers">2<\/td><td data-label="Views">2<\/td><td data-label="Comments">1<\/td><td data-label="Reactions">2<\/td><\/tr>/s);
    const editor = await (await call(`/c/${slug}/admin/content/${drop.id}`, { cookie: owner, headers: html })).text();
    expect(editor).toContain("<td>2</td><td>2</td><td>1</td><td>0</td><td>2</td>");

    expect((await postForm(`/c/${slug}/admin/content/mutes/remove`, { email: bob }, owner)).status).toBe(303);
    expect((await postForm(`${path}/comments`, { body: "Sorry" }, b)).status).toBe(303);
  });
});
