import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { api, json } from "../api/helpers";
import { call, signIn, tools } from "../helpers";
import { banMember } from "../../src/members/service";
import { contentCommunity, memberOf, OWNER, unique } from "../content/helpers";
import { html, namedMember, png, postProfile, profileRow } from "./helpers";

const avatarPath = (page: string) => /<img src="(\/c\/[^"]+\/avatars\/[0-9a-z]{32})"/.exec(page)?.[1];

describe("avatars", { timeout: 90_000 }, () => {
  it("are stored under an unguessable key, shown only inside the community, and replaced or removed cleanly", async () => {
    const tiers = await contentCommunity();
    const other = await contentCommunity();
    const { slug } = tiers.community;
    const [dana, eli, outsider, elsewhere, banned] = ["dana", "eli", "outsider", "elsewhere", "banned"].map(unique);
    await namedMember(tiers.community, tiers.member, dana!, "Dana Diaz");
    await memberOf(tiers.community, tiers.member, eli!);
    await memberOf(tiers.community, tiers.member, banned!);
    await memberOf(other.community, other.member, elsewhere!);
    const [d, e, o, x, b, owner] = await Promise.all([dana, eli, outsider, elsewhere, banned, OWNER].map((p) => signIn(p!)));

    expect((await postProfile(slug, d, { displayName: "Dana Diaz", avatar: png(2048) })).status).toBe(303);
    const first = (await profileRow(tiers.community.id, dana!))!;
    expect(first).toMatchObject({ avatarType: "image/png", avatarSize: 2048 });
    expect(first.avatarKey).toMatch(new RegExp(`^avatars/${tiers.community.id}/[0-9a-z]{32}$`));
    expect(await env.FILES.head(first.avatarKey!)).not.toBeNull();
    const url = avatarPath(await (await call(`/c/${slug}/profile`, { cookie: d, headers: html })).text())!;
    expect(url).toBe(`/c/${slug}/avatars/${first.avatarKey!.split("/").pop()}`);
    expect((await json(await api(`/communities/${slug}/profile`, { auth: d }))).avatarUrl).toMatch(new RegExp(`${url}$`));

    for (const cookie of [d, e, owner]) {
      const res = await call(url, { cookie });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("image/png");
      expect(res.headers.get("cache-control")).toMatch(/^private/);
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect((await res.arrayBuffer()).byteLength).toBe(2048);
    }
    await banMember(tools().deps, tiers.community, banned!, OWNER, "Spam");
    // Outsiders, members of another community and the banned get the same 404 as for no avatar at all.
    for (const cookie of [o, x, b]) expect((await call(url, { cookie })).status).toBe(404);
    expect((await call(`/c/${slug}/avatars/${"a".repeat(32)}`, { cookie: e })).status).toBe(404);
    expect((await call(`/c/${other.community.slug}/avatars/${first.avatarKey!.split("/").pop()}`, { cookie: x })).status).toBe(404);
    expect((await call(url)).status).toBe(303);

    // A new image gets a new key; the old object goes.
    const gif = new File([new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1, 0, 1, 0])], "a.gif", { type: "application/octet-stream" });
    expect((await postProfile(slug, d, { displayName: "Dana Diaz", avatar: gif })).status).toBe(303);
    const second = (await profileRow(tiers.community.id, dana!))!;
    expect(second).toMatchObject({ avatarType: "image/gif", avatarSize: 10 });
    expect(second.avatarKey).not.toBe(first.avatarKey);
    expect(await env.FILES.head(first.avatarKey!)).toBeNull();
    expect((await call(url, { cookie: e })).status).toBe(404);
    // Saving without a file keeps the avatar; removing deletes it.
    expect((await postProfile(slug, d, { displayName: "Dana D." })).status).toBe(303);
    expect((await profileRow(tiers.community.id, dana!))!.avatarKey).toBe(second.avatarKey);
    expect((await postProfile(slug, d, { displayName: "Dana D.", removeAvatar: true })).status).toBe(303);
    expect(await profileRow(tiers.community.id, dana!)).toMatchObject({ avatarKey: null, avatarType: null, avatarSize: null });
    expect(await env.FILES.head(second.avatarKey!)).toBeNull();
  });
});
