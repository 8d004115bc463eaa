import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { api, expectError, json } from "../api/helpers";
import { call, signIn, tools } from "../helpers";
import { banMember } from "../../src/members/service";
import { readRawBody } from "../../src/lib/body";
import { AppError } from "../../src/lib/errors";
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

describe("avatars through the API", { timeout: 90_000 }, () => {
  it("takes the raw image, bounded and checked by its bytes, naming the field when it refuses", async () => {
    const tiers = await contentCommunity();
    const { slug } = tiers.community;
    const [ivy, nameless, outsider] = ["ivy", "nameless", "outsider"].map(unique);
    await namedMember(tiers.community, tiers.member, ivy!, "Ivy Irving");
    await memberOf(tiers.community, tiers.member, nameless!);
    const [i, n, o] = await Promise.all([ivy, nameless, outsider].map((p) => signIn(p!)));
    const put = (cookie: string, body: BodyInit, type = "image/png") => call(`/api/v1/communities/${slug}/profile/avatar`, { method: "PUT", body, cookie, headers: { "content-type": type } });
    const image = new Uint8Array(await png(1000).arrayBuffer());

    const saved = await put(i, image);
    expect(saved.status).toBe(200);
    const profile = await json(saved);
    expect(profile).toMatchObject({ displayName: "Ivy Irving", chosen: true });
    expect(profile.avatarUrl).toMatch(/\/avatars\/[0-9a-z]{32}$/);
    expect((await call(new URL(profile.avatarUrl).pathname, { cookie: i })).status).toBe(200);

    expect(await expectError(await put(i, new Uint8Array(600 * 1024).fill(1)), 413, "payload_too_large")).toEqual(["avatar"]);
    expect(await expectError(await put(i, "not an image at all", "image/gif"), 400, "validation_failed")).toEqual(["avatar"]);
    expect(await expectError(await put(i, new Uint8Array()), 400, "validation_failed")).toEqual(["avatar"]);
    await expectError(await put(i, JSON.stringify({ avatar: "x" }), "application/json"), 415, "bad_request");
    await expectError(await put(o, image), 403, "forbidden");
    expect(await expectError(await put(n, image), 400, "validation_failed")).toEqual(["displayName"]);
    // Nothing refused left an object behind: only Ivy's one avatar is stored.
    expect((await env.FILES.list({ prefix: `avatars/${tiers.community.id}/` })).objects).toHaveLength(1);
  });
});

describe("readRawBody", () => {
  it("cuts a body without a declared length off as soon as it passes the cap", async () => {
    let pulled = 0;
    const body = new ReadableStream({
      pull(ctl) {
        pulled += 1;
        ctl.enqueue(new Uint8Array(100 * 1024));
      },
    });
    const raw = new Request("http://localhost/x", { method: "PUT", body, duplex: "half" } as RequestInit);
    const err = await readRawBody({ req: { raw, header: () => undefined } }, 512 * 1024, "avatar").catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ status: 413, code: "payload_too_large", details: [{ field: "avatar", message: "At most 512 KB" }] });
    // An endless body: reading stopped after the sixth 100 KB chunk (plus what the stream buffered ahead).
    expect(pulled).toBeLessThan(10);
    const small = new Request("http://localhost/x", { method: "PUT", body: "abc" });
    expect(await readRawBody({ req: { raw: small, header: () => "3" } }, 10, "avatar")).toEqual(new TextEncoder().encode("abc"));
  });
});
