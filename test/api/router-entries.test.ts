import { OpenAPIHono } from "@hono/zod-openapi";
import { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import type { AppEnv } from "../../src/app-env";
import { documentRoutes } from "../../src/api/document";
import { createApiRouter, createRoute, jsonBody, mountApiRoutes, type ApiRouteList } from "../../src/api/openapi";

// mountApiRoutes adds each route recorded by createApiRouter as one router entry (and
// documentRoutes as one path of the OpenAPI document) whose middleware, validators and handler
// run in sequence (src/api/openapi.ts); these check that they run as Hono runs separate entries,
// and that the validators answer as the API documents.

const seen: string[] = [];
const gate = createMiddleware(async (c, next) => {
  seen.push("gate");
  if (c.req.header("x-deny")) return c.json({ denied: true }, 403);
  await next();
  c.header("x-after", "gate ran after the handler");
});
const route = createRoute({
  method: "post",
  path: "/things/{id}",
  middleware: [gate],
  request: { params: z.object({ id: z.string().check(z.minLength(2)) }), body: jsonBody(z.strictObject({ n: z.number().check(z.int()) })) },
  responses: { 200: { description: "ok" } },
});

function app() {
  const list = createApiRouter().openapi(route, (c) => {
    seen.push("handler");
    return c.json({ id: c.req.valid("param").id, n: c.req.valid("json").n }, 200);
  });
  const api = mountApiRoutes(new Hono<AppEnv>(), list);
  const docs = new OpenAPIHono();
  documentRoutes(docs, list);
  const outer = new Hono();
  outer.use("*", async (c, next) => {
    await next();
    c.header("x-outer", "1");
  });
  outer.onError((err, c) => c.json({ error: err.message }, (err as { status?: 415 }).status ?? 500));
  return { api, docs, outer: outer.route("/v1", api) };
}
const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  new Request(`http://x${path}`, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json", ...headers } });

describe("API routes as one router entry", () => {
  it("adds one entry per route, and the route to the OpenAPI document", () => {
    const { api, docs } = app();
    expect(api.routes.filter((r) => r.path === "/things/:id")).toHaveLength(1);
    const doc = docs.getOpenAPI31Document({ openapi: "3.1.0", info: { title: "t", version: "1" } });
    expect(doc.paths?.["/things/{id}"]?.post?.parameters).toEqual([expect.objectContaining({ name: "id", in: "path" })]);
    expect(doc.paths?.["/things/{id}"]?.post?.requestBody).toBeDefined();
  });

  it("refuses anything but createApiRouter's lists", () => {
    const notAList = new Hono() as unknown as ApiRouteList;
    expect(() => mountApiRoutes(new Hono<AppEnv>(), notAList)).toThrow(/createApiRouter/);
    expect(() => documentRoutes(new OpenAPIHono(), notAList)).toThrow(/createApiRouter/);
  });

  it("runs middleware, validators and handler in order, with the middleware's code after next()", async () => {
    seen.length = 0;
    const res = await app().outer.fetch(post("/v1/things/ab", { n: 3 }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: "ab", n: 3 });
    expect(res.headers.get("x-after")).toBe("gate ran after the handler");
    expect(res.headers.get("x-outer")).toBe("1");
    expect(seen).toEqual(["gate", "handler"]);
  });

  it("stops at a middleware's answer, and at a validator's", async () => {
    seen.length = 0;
    const denied = await app().outer.fetch(post("/v1/things/ab", { n: 3 }, { "x-deny": "1" }));
    expect(denied.status).toBe(403);
    expect(seen).toEqual(["gate"]);
    const badParam = await app().outer.fetch(post("/v1/things/a", { n: 3 }));
    expect(badParam.status).toBe(400);
    const badBody = await app().outer.fetch(post("/v1/things/ab", { n: 3, extra: true }));
    expect(badBody.status).toBe(400);
    expect(seen).toEqual(["gate", "gate", "gate"]);
  });

  it("names each bad field, and refuses a body that is not declared JSON", async () => {
    const badBody = await app().outer.fetch(post("/v1/things/ab", { n: 1.5, extra: true }));
    expect(badBody.status).toBe(400);
    const { error } = (await badBody.json()) as { error: { code: string; details: { field: string }[] } };
    expect(error.code).toBe("validation_failed");
    expect(error.details.map((d) => d.field).sort()).toEqual(["extra", "n"]);
    const asText = await app().outer.fetch(
      new Request("http://x/v1/things/ab", { method: "POST", body: JSON.stringify({ n: 3 }), headers: { "content-type": "text/plain" } }),
    );
    expect(asText.status).toBe(415);
    const untyped = await app().outer.fetch(new Request("http://x/v1/things/ab", { method: "POST", body: new Blob(['{"n":3}']).stream(), duplex: "half" } as RequestInit));
    expect(untyped.status).toBe(415);
  });

  it("lets a route answer bad input itself, and falls back to the standard 400", async () => {
    const list = createApiRouter().openapi(
      route,
      (c) => c.json({ n: c.req.valid("json").n }, 200),
      ({ target }, c) => (target === "param" ? c.json({ target }, 422) : undefined),
    );
    const api = new Hono().route("/v1", mountApiRoutes(new Hono<AppEnv>(), list));
    const badParam = await api.fetch(post("/v1/things/a", { n: 3 }));
    expect(badParam.status).toBe(422);
    expect(await badParam.json()).toEqual({ target: "param" });
    const badBody = await api.fetch(post("/v1/things/ab", { n: "3" }));
    expect(badBody.status).toBe(400);
  });
});
