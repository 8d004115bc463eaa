import { describe, expect, it } from "vitest";
import { api, expectError, json } from "../api/helpers";
import { signIn } from "../helpers";
import { contentCommunity, memberOf, OWNER, unique } from "./helpers";

const CONTENT_ENDPOINTS = [
  ["get", "/communities/{slug}/feed"],
  ["get", "/communities/{slug}/drops"],
  ["post", "/communities/{slug}/drops"],
  ["get", "/communities/{slug}/drops/{id}"],
  ["patch", "/communities/{slug}/drops/{id}"],
  ["delete", "/communities/{slug}/drops/{id}"],
  ["get", "/communities/{slug}/drops/{id}/comments"],
  ["post", "/communities/{slug}/drops/{id}/comments"],
  ["delete", "/communities/{slug}/drops/{id}/comments/{commentId}"],
] as const;

describe("content API", { timeout: 60_000 }, () => {
  it("is in the OpenAPI document, with auth and the standard error body", async () => {
    const doc = await json(await api("/openapi.json"));
    for (const [method, path] of CONTENT_ENDPOINTS) {
      const op = doc.paths[path]?.[method];
      expect(op, `${method} ${path}`).toBeDefined();
      expect(op.tags).toEqual(["Content"]);
      expect(op.security).toEqual([{ bearerAuth: [] }, { cookieAuth: [] }]);
      expect(Object.keys(op.responses)).toContain("401");
      for (const [status, r] of Object.entries(op.responses as Record<string, { content?: Record<string, { schema: { $ref: string } }> }>)) {
        if (/^[45]/.test(status)) expect(r.content!["application/json"].schema.$ref).toBe("#/components/schemas/Error");
      }
    }
    expect(doc.components.schemas.DropCreate.additionalProperties).toBe(false);
  });

  it("staff create, read, change and delete drops; members read the feed with the same gating", async () => {
    const tiers = await contentCommunity();
    const { slug } = tiers.community;
    const member = unique("member");
    await memberOf(tiers.community, tiers.member, member);
    const owner = await signIn(OWNER);
    const reader = await signIn(member);

    const bad = await api(`/communities/${slug}/drops`, { method: "POST", auth: owner, body: { title: "", status: "scheduled", extra: 1 } });
    expect(await expectError(bad, 400, "validation_failed")).toEqual(expect.arrayContaining(["title", "extra"]));
    const noTime = await api(`/communities/${slug}/drops`, { method: "POST", auth: owner, body: { title: "T", status: "scheduled" } });
    expect(await expectError(noTime, 400, "validation_failed")).toEqual(expect.arrayContaining(["publishAt", "targets"]));
    const otherTier = await api(`/communities/${slug}/drops`, { method: "POST", auth: owner, body: { title: "T", targets: [{ tierId: "tier_nope", offsetHours: 0 }] } });
    expect(await expectError(otherTier, 400, "validation_failed")).toEqual(["targets"]);
    await expectError(await api(`/communities/${slug}/drops`, { method: "POST", auth: reader, body: { title: "T" } }), 403, "forbidden");
    await expectError(await api(`/communities/${slug}/drops`, { method: "POST", body: { title: "T" } }), 401, "unauthenticated");

    const publishAt = new Date(Date.now() - 60_000).toISOString();
    const created = await api(`/communities/${slug}/drops`, {
      method: "POST",
      auth: owner,
      body: { title: "Teardown", body: "Body **here**", topics: ["pricing"], status: "scheduled", publishAt, targets: [{ tierId: tiers.member.id, offsetHours: 0 }] },
    });
    expect(created.status).toBe(201);
    const drop = await json(created);
    expect(drop).toMatchObject({ title: "Teardown", status: "scheduled", topics: ["pricing"], targets: [{ tierId: tiers.member.id, tierName: "Member", rank: 1, offsetHours: 0 }] });
    const draft = await json(await api(`/communities/${slug}/drops`, { method: "POST", auth: owner, body: { title: "Secret draft", body: "nope" } }));

    expect((await json(await api(`/communities/${slug}/drops`, { auth: owner }))).drops.map((d: { id: string }) => d.id).sort()).toEqual([drop.id, draft.id].sort());
    expect((await json(await api(`/communities/${slug}/drops?status=draft`, { auth: owner }))).drops).toHaveLength(1);
    await expectError(await api(`/communities/${slug}/drops`, { auth: reader }), 403, "forbidden");

    const got = await api(`/communities/${slug}/drops/${drop.id}`, { auth: reader });
    expect(got.status).toBe(200);
    expect(await json(got)).toMatchObject({ body: "Body **here**", unlockAt: publishAt });
    await expectError(await api(`/communities/${slug}/drops/${draft.id}`, { auth: reader }), 404, "not_found");

    const feed = await json(await api(`/communities/${slug}/feed?topic=pricing`, { auth: reader }));
    expect(feed.items.map((i: { id: string }) => i.id)).toEqual([drop.id]);
    expect(feed.topics).toEqual(["pricing"]);
    expect((await json(await api(`/communities/${slug}/feed?topic=other`, { auth: reader }))).items).toEqual([]);
    expect(await expectError(await api(`/communities/${slug}/feed?limit=0`, { auth: reader }), 400, "validation_failed")).toEqual(["limit"]);

    const patched = await api(`/communities/${slug}/drops/${drop.id}`, { method: "PATCH", auth: owner, body: { title: "Teardown v2", status: "draft" } });
    expect(await json(patched)).toMatchObject({ title: "Teardown v2", status: "draft", body: "Body **here**" });
    await expectError(await api(`/communities/${slug}/drops/${drop.id}`, { auth: reader }), 404, "not_found");
    expect((await api(`/communities/${slug}/drops/${drop.id}`, { method: "DELETE", auth: owner })).status).toBe(204);
    await expectError(await api(`/communities/${slug}/drops/${drop.id}`, { auth: owner }), 404, "not_found");
  });

  it("comments: members post and list, staff delete; nobody comments where they cannot read", async () => {
    const tiers = await contentCommunity();
    const { slug } = tiers.community;
    const member = unique("member");
    const core = unique("core");
    await memberOf(tiers.community, tiers.member, member);
    await memberOf(tiers.community, tiers.core, core);
    const [owner, m, c] = await Promise.all([signIn(OWNER), signIn(member), signIn(core)]);
    const drop = await json(
      await api(`/communities/${slug}/drops`, {
        method: "POST",
        auth: owner,
        body: { title: "Core first", status: "scheduled", publishAt: new Date(Date.now() - 60_000).toISOString(), targets: [{ tierId: tiers.core.id, offsetHours: 0 }, { tierId: tiers.member.id, offsetHours: 72 }] },
      }),
    );
    const path = `/communities/${slug}/drops/${drop.id}/comments`;
    await expectError(await api(path, { method: "POST", auth: m, body: { body: "early!" } }), 404, "not_found");
    const posted = await api(path, { method: "POST", auth: c, body: { body: "First" } });
    expect(posted.status).toBe(201);
    const comment = await json(posted);
    // The applicant's name was their address's local part, so members see a neutral default instead.
    expect(comment).toMatchObject({ author: expect.stringMatching(/^Member [0-9A-Z]{4}$/), authorAvatarUrl: null, body: "First" });
    expect(comment).not.toHaveProperty("authorEmail");
    expect((await json(await api(path, { auth: owner }))).comments).toEqual([{ ...comment, authorEmail: core }]);
    await expectError(await api(path, { auth: m }), 404, "not_found");
    await expectError(await api(`${path}/${comment.id}`, { method: "DELETE", auth: c }), 403, "forbidden");
    expect((await api(`${path}/${comment.id}`, { method: "DELETE", auth: owner })).status).toBe(204);
    expect((await json(await api(path, { auth: c }))).comments).toEqual([]);
    const teasers = (await json(await api(`/communities/${slug}/feed`, { auth: m }))).teasers;
    expect(teasers).toEqual([{ id: drop.id, title: "Core first", topics: [], unlockAt: expect.any(String) }]);
  });
});
