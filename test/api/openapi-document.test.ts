import { env } from "cloudflare:workers";
import { createExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createApiApp } from "../../src/api/app";
import { CORE_API } from "../../src/api/core";
import openapiDocument from "../../src/api/openapi-document.txt?raw";
import { DOCUMENT_APP_URL } from "../../src/api/routes";
import { devPlatform } from "../../src/dev";
import { BASE, call } from "../helpers";

/**
 * The API Worker serves the OpenAPI document `npm run openapi` wrote (src/api/openapi-document.txt)
 * rather than building it from the community API's modules. It must be the document the routes
 * describe today, and the API Worker must serve it for its own URL.
 */

const written = () => JSON.parse(openapiDocument) as { servers: { url: string }[]; paths: Record<string, unknown> };

describe("the written OpenAPI document", () => {
  it("is the document the API's routes build now (after changing the API, run npm run openapi)", async () => {
    const live = (await (await call("/api/v1/openapi.json")).json()) as { servers: { url: string }[] };
    const doc = written();
    expect(doc.servers).toEqual([{ url: `${DOCUMENT_APP_URL}/api/v1` }]);
    expect({ ...doc, servers: live.servers }, "src/api/openapi-document.txt is out of date: run npm run openapi").toEqual(live);
  });

  it("is served by the API Worker for its own URL, with both Workers' routes", async () => {
    const app = createApiApp({ platform: devPlatform, lists: CORE_API, document: { text: openapiDocument } });
    const res = await app.fetch(new Request(`${BASE}/api/v1/openapi.json`), env, createExecutionContext());
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    const doc = (await res.json()) as { servers: { url: string }[]; paths: Record<string, unknown> };
    expect(doc.servers).toEqual([{ url: `${BASE}/api/v1` }]);
    expect(doc.paths).toHaveProperty(["/communities/{slug}/tiers"]);
    expect(doc.paths).toHaveProperty(["/communities/{slug}/spaces"]);
    expect(Object.keys(doc.paths)).toEqual(Object.keys(written().paths));
  });
});
