import { describe, expect, it } from "vitest";
import { api, json } from "../api/helpers";
import { call, postForm, signIn } from "../helpers";
import { contentCommunity, OWNER, staggeredDrop, unique } from "../content/helpers";
import { html, namedMember, png, postProfile } from "./helpers";

describe("comment authors are known by display name", { timeout: 90_000 }, () => {
  it("members see names and avatars, never an email or its local part; staff also see the email", async () => {
    const tiers = await contentCommunity();
    const { slug } = tiers.community;
    const [frank, gina, hal] = [unique("frank.f"), unique("gina"), unique("hal")];
    await namedMember(tiers.community, tiers.member, frank, "Frank Fisher");
    await namedMember(tiers.community, tiers.member, gina, "Gina Gold");
    await namedMember(tiers.community, tiers.member, hal, hal.split("@")[0]!);
    const [f, g, h, owner] = await Promise.all([signIn(frank), signIn(gina), signIn(hal), signIn(OWNER)]);
    expect((await postProfile(slug, f, { displayName: "Frank the Tank", avatar: png() })).status).toBe(303);
    const { drop } = await staggeredDrop(tiers.community, tiers, { memberDelayHours: 0 });
    const page = `/c/${slug}/drops/${drop.id}`;
    for (const [cookie, body] of [[f, "From Frank"], [g, "From Gina"], [h, "From Hal"]] as const) expect((await postForm(`${page}/comments`, { body }, cookie)).status).toBe(303);

    const seen = await (await call(page, { cookie: g, headers: html })).text();
    expect(seen).toContain("<strong>Frank the Tank · Level 1</strong>");
    expect(seen).toContain("<strong>Gina Gold · Level 1</strong>");
    expect(seen).toMatch(/<strong>Member [0-9A-Z]{4} · Level 1<\/strong>/);
    expect(seen).toMatch(new RegExp(`<img src="/c/${slug}/avatars/[0-9a-z]{32}"`));
    // Gina's own address is in her account menu; nobody else's is anywhere on the page.
    for (const email of [frank, hal]) {
      expect(seen).not.toContain(email);
      expect(seen).not.toContain(`${email.split("@")[0]}<`);
      expect(seen).not.toContain(`>${email.split("@")[0]}`);
    }

    const listed = (await json(await api(`/communities/${slug}/drops/${drop.id}/comments`, { auth: g }))).comments;
    // The API gives the name and the level apart; pages show them together.
    expect(listed.map((c: { author: string; authorLevel: number }) => [c.author, c.authorLevel])).toEqual([["Frank the Tank", 1], ["Gina Gold", 1], [expect.stringMatching(/^Member [0-9A-Z]{4}$/), 1]]);
    expect(listed[0].authorAvatarUrl).toMatch(/\/avatars\/[0-9a-z]{32}$/);
    const raw = JSON.stringify(listed);
    for (const email of [frank, gina, hal]) expect(raw).not.toContain(email.split("@")[0]);
    const posted = await json(await api(`/communities/${slug}/drops/${drop.id}/comments`, { method: "POST", auth: h, body: { body: "Via the API" } }));
    expect(posted.author).toBe(listed[2].author);
    expect(JSON.stringify(posted)).not.toContain(hal.split("@")[0]);

    const staff = (await json(await api(`/communities/${slug}/drops/${drop.id}/comments`, { auth: owner }))).comments;
    expect(staff[0]).toMatchObject({ author: "Frank the Tank", authorLevel: 1, authorEmail: frank });
    const staffPage = await (await call(page, { cookie: owner, headers: html })).text();
    expect(staffPage).toContain(`<strong>Gina Gold · Level 1</strong> (${gina})`);
    expect(staffPage).toContain("Mute Gina Gold");
  });
});
