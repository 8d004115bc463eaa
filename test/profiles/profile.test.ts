import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { api, expectError, json } from "../api/helpers";
import { call, signIn } from "../helpers";
import { contentCommunity, OWNER, unique } from "../content/helpers";
import { html, namedMember, png, postProfile, profileRow } from "./helpers";

describe("the profile page and API", { timeout: 90_000 }, () => {
  it("starts from the application's name, saves, and refuses a name someone else goes by", async () => {
    const tiers = await contentCommunity();
    const { slug } = tiers.community;
    const [alice, bob] = [unique("alice"), unique("bob")];
    await namedMember(tiers.community, tiers.member, alice, "Alice Adams");
    await namedMember(tiers.community, tiers.member, bob, "Bob Brown");
    const [a, b] = await Promise.all([signIn(alice), signIn(bob)]);

    const first = await call(`/c/${slug}/profile`, { cookie: a, headers: html });
    expect(first.status).toBe(200);
    expect(first.headers.get("cache-control")).toContain("private");
    const page = await first.text();
    expect(page).toContain('value="Alice Adams"');
    expect(page).toContain('<label for="displayName">Display name</label>');
    expect(page).toContain(`Signed in as ${alice}`);
    expect((await json(await api(`/communities/${slug}/profile`, { auth: a })))).toEqual({ displayName: "Alice Adams", chosen: false, bio: null, avatarUrl: null, publicId: null, city: null, links: [], answers: [] });

    const saved = await postProfile(slug, a, { displayName: "  Alice   A. ", bio: "Head of product.\r\nLoves maps." });
    expect(saved.status).toBe(303);
    expect(saved.headers.get("location")).toBe(`/c/${slug}/profile?saved=1`);
    expect(await profileRow(tiers.community.id, alice)).toMatchObject({ displayName: "Alice A.", displayNameKey: "alice a.", bio: "Head of product.\nLoves maps." });

    // Taken, whatever the case or width of the letters: 409 naming the field, on the page and in the API.
    const taken = await postProfile(slug, b, { displayName: "ALICE A." });
    expect(taken.status).toBe(409);
    const takenPage = await taken.text();
    expect(takenPage).toContain("Display name: Someone in this community already goes by this name");
    expect(takenPage).toContain('value="ALICE A."');
    expect(await expectError(await api(`/communities/${slug}/profile`, { method: "PATCH", auth: b, body: { displayName: "ａｌｉｃｅ a." } }), 409, "conflict")).toEqual(["displayName"]);
    expect(await profileRow(tiers.community.id, bob)).toBeUndefined();

    // Nor the name another member goes by through their application, before they chose one.
    expect(await expectError(await api(`/communities/${slug}/profile`, { method: "PATCH", auth: a, body: { displayName: "bob brown" } }), 409, "conflict")).toEqual(["displayName"]);
    const patched = await api(`/communities/${slug}/profile`, { method: "PATCH", auth: b, body: { bio: "Hiring." } });
    const body = await json(patched);
    expect(body).toMatchObject({ displayName: "Bob Brown", chosen: true, bio: "Hiring.", avatarUrl: null, city: null, links: [], answers: [] });
    expect(body.publicId).toMatch(/^[0-9a-z]{20}$/);
    // Alice frees her name by changing it; then Bob may take it.
    expect((await postProfile(slug, a, { displayName: "Alice Adams" })).status).toBe(303);
    expect((await api(`/communities/${slug}/profile`, { method: "PATCH", auth: b, body: { displayName: "alice a." } })).status).toBe(200);
  });

  it("refuses bad input with a 4xx naming the field, and writes nothing", async () => {
    const tiers = await contentCommunity();
    const { slug } = tiers.community;
    const carol = unique("carol");
    await namedMember(tiers.community, tiers.member, carol, "Carol Chen");
    const c = await signIn(carol);
    const cases: [Parameters<typeof postProfile>[2], string][] = [
      [{ displayName: "" }, "displayName"],
      [{ displayName: "   x  " }, "displayName"],
      [{ displayName: "x".repeat(41) }, "displayName"],
      [{ displayName: "Carol\u0007Chen" }, "displayName"],
      [{ displayName: "\u202Enehc lorac" }, "displayName"],
      [{ displayName: "Carol\u200BChen" }, "displayName"],
      [{ displayName: "carol@example.com" }, "displayName"],
      [{ displayName: "Member AB12" }, "displayName"],
      [{ displayName: "Carol", bio: "b".repeat(281) }, "bio"],
      [{ displayName: "Carol", bio: "left\u202Eright" }, "bio"],
      [{ displayName: "Carol", avatar: png(600 * 1024) }, "avatar"],
      [{ displayName: "Carol", avatar: new File(["just text, not an image"], "me.png", { type: "image/png" }) }, "avatar"],
      [{ displayName: "Carol", avatar: new File(["<svg xmlns='http://www.w3.org/2000/svg'/>"], "me.svg", { type: "image/svg+xml" }) }, "avatar"],
    ];
    for (const [fields, field] of cases) {
      const res = await postProfile(slug, c, fields);
      expect(res.status, JSON.stringify(fields).slice(0, 80)).toBe(400);
      const body = await res.text();
      expect(body).toContain(`id="${field}-error"`);
      expect(body).toContain('aria-invalid="true"');
    }
    const path = `/communities/${slug}/profile`;
    expect(await expectError(await api(path, { method: "PATCH", auth: c, body: { displayName: "y".repeat(41) } }), 400, "validation_failed")).toEqual(["displayName"]);
    expect(await expectError(await api(path, { method: "PATCH", auth: c, body: { bio: 5 } }), 400, "validation_failed")).toEqual(["bio"]);
    expect(await expectError(await api(path, { method: "PATCH", auth: c, body: { email: "x@y.z" } }), 400, "validation_failed")).toEqual(["email"]);
    expect(await profileRow(tiers.community.id, carol)).toBeUndefined();
    const listed = await env.FILES.list({ prefix: `avatars/${tiers.community.id}/` });
    expect(listed.objects).toHaveLength(0);
  });

  it("lets only members and staff in", async () => {
    const tiers = await contentCommunity();
    const { slug } = tiers.community;
    const outsider = unique("outsider");
    const [o, owner] = await Promise.all([signIn(outsider), signIn(OWNER)]);
    expect((await call(`/c/${slug}/profile`, { cookie: o, headers: html })).status).toBe(403);
    expect((await postProfile(slug, o, { displayName: "Sneaky" })).status).toBe(403);
    await expectError(await api(`/communities/${slug}/profile`, { auth: o }), 403, "forbidden");
    await expectError(await api(`/communities/${slug}/profile`), 401, "unauthenticated");
    const signedOut = await call(`/c/${slug}/profile`, { headers: html });
    expect(signedOut.status).toBe(303);
    expect(signedOut.headers.get("location")).toContain("/signin");
    expect((await postProfile(slug, owner, { displayName: "Maya Okafor" })).status).toBe(303);
    expect((await json(await api(`/communities/${slug}/profile`, { auth: owner }))).displayName).toBe("Maya Okafor");
  });
});
