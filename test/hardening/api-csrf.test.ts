import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { experiments } from "../../drizzle";
import { BASE, call, fetchWorker, makeCommunity, tools } from "../helpers";
import { api, bearerTokenFrom, expectError, session } from "../api/helpers";

const feeTest = { name: "Fee: $25 vs $40", target: "application_fee", variants: [{ price: 2500 }, { price: 4000 }] };

async function statusOf(id: string) {
  return (await tools().deps.db.query.experiments.findFirst({ where: eq(experiments.id, id) }))!.status;
}

describe("same-site CSRF on the JSON API", () => {
  it("refuses cookie-only, bodiless state changes from another origin or without JSON; bearer clients and our own pages work", async () => {
    const { community } = await makeCommunity();
    const owner = await session("owner@example.com");
    const created = await api(`/communities/${community.slug}/experiments`, { method: "POST", auth: owner, body: feeTest });
    expect(created.status).toBe(201);
    const { id } = await created.json<{ id: string }>();
    const start = `/api/v1/communities/${community.slug}/experiments/${id}/start`;

    // What a page on https://evil.localhost (same site) can make a browser send: the cookie rides along.
    const forged = await call(start, { method: "POST", cookie: owner, headers: { origin: "http://evil.localhost:8787" } });
    await expectError(forged, 403, "forbidden");
    const formPost = await call(start, { method: "POST", cookie: owner, headers: { origin: "http://evil.localhost:8787", "content-type": "application/x-www-form-urlencoded" }, body: "" });
    expect(formPost.status).toBe(403);
    // No Origin at all (an old browser, a privacy proxy) and no JSON: refused too.
    const anonymous = exportsFetch(start, { cookie: owner });
    expect((await anonymous).status).toBe(403);
    expect(await statusOf(id)).toBe("draft");

    // Bearer clients need neither an Origin nor a body.
    const bearer = await exportsFetch(start, { authorization: `Bearer ${bearerTokenFrom(owner)}` });
    expect(bearer.status).toBe(200);
    expect(await statusOf(id)).toBe("running");
    // A cookie request from our own origin works as before.
    const pause = await call(`/api/v1/communities/${community.slug}/experiments/${id}/pause`, { method: "POST", cookie: owner, headers: { origin: BASE } });
    expect(pause.status).toBe(200);
    expect(await statusOf(id)).toBe("paused");
  });
});

/** A POST without the Origin header the `call` helper adds. */
async function exportsFetch(path: string, headers: Record<string, string>) {
  const { exports } = await import("cloudflare:workers");
  return fetchWorker(new Request(BASE + path, { method: "POST", headers }));
}
