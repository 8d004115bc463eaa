import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import { describe, expect, it } from "vitest";
import type { AppEnv } from "../../src/app-env";
import { createApiRouter, defaultHook, documentRoutes, jsonBody, mountApiRoutes } from "../../src/api/openapi";

// mountApiRoutes adds each route recorded by createApiRouter as one router entry (and
// documentRoutes as one path of the OpenAPI document) whose middleware,
// validators and handler are built by OpenAPIHono and run in sequence (src/api/openapi.ts);
// these check that they run as Hono runs separate entries.

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
  request: { params: z.object({ id: z.string().min(2) }), body: jsonBody(z.strictObject({ n: z.number().int() })) },
  responses: { 200: { description: "ok" } },
});

function app() {
  const list = createApiRouter().openapi(route, (c) => {
    seen.push("handler");
    return c.json({ id: c.req.valid("param").id, n: c.req.valid("json").n }, 200);
  });
  const api = mountApiRoutes(new OpenAPIHono<AppEnv>({ defaultHook }), list);
  documentRoutes(api, list);
  const outer = new Hono();
  outer.use("*", async (c, next) => {
    await next();
    c.header("x-outer", "1");
  });
  return { api, outer: outer.route("/v1", api) };
}
const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  new Request(`http://x${path}`, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json", ...headers } });

describe("API routes as one router entry", () => {
  it("adds one entry per route, and the route to the OpenAPI document", () => {
    const { api } = app();
    expect(api.routes.filter((r) => r.path === "/things/:id")).toHaveLength(1);
    const doc = api.getOpenAPI31Document({ openapi: "3.1.0", info: { title: "t", version: "1" } });
    expect(doc.paths?.["/things/{id}"]?.post?.parameters).toEqual([expect.objectContaining({ name: "id", in: "path" })]);
    expect(doc.paths?.["/things/{id}"]?.post?.requestBody).toBeDefined();
  });

  it("refuses anything but createApiRouter's lists", () => {
    expect(() => mountApiRoutes(new OpenAPIHono<AppEnv>(), new OpenAPIHono<AppEnv>())).toThrow(/createApiRouter/);
    expect(() => documentRoutes(new OpenAPIHono<AppEnv>(), new OpenAPIHono<AppEnv>())).toThrow(/createApiRouter/);
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
});
