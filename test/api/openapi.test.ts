import { describe, expect, it } from "vitest";
import { api, json } from "./helpers";

const ENDPOINTS: [string, string][] = [
  ["get", "/communities"],
  ["post", "/communities"],
  ["get", "/communities/{slug}"],
  ["patch", "/communities/{slug}"],
  ["post", "/communities/{slug}/publish"],
  ["get", "/communities/{slug}/questions"],
  ["post", "/communities/{slug}/questions"],
  ["put", "/communities/{slug}/questions/{id}"],
  ["delete", "/communities/{slug}/questions/{id}"],
  ["post", "/communities/{slug}/applications"],
  ["get", "/communities/{slug}/applications"],
  ["post", "/communities/{slug}/applications/bulk-decision"],
  ["get", "/applications/{id}"],
  ["post", "/applications/{id}/decision"],
  ["post", "/applications/{id}/notes"],
  ["get", "/communities/{slug}/tiers"],
  ["post", "/communities/{slug}/tiers"],
  ["patch", "/communities/{slug}/tiers/{id}"],
  ["delete", "/communities/{slug}/tiers/{id}"],
  ["post", "/communities/{slug}/tiers/{id}/invites"],
  ["post", "/communities/{slug}/tiers/{id}/migrations"],
  ["get", "/communities/{slug}/members"],
  ["get", "/communities/{slug}/members/{id}"],
  ["post", "/communities/{slug}/members/{id}/remove"],
  ["post", "/communities/{slug}/members/{id}/move"],
  ["post", "/communities/{slug}/members/promote"],
  ["post", "/communities/{slug}/bans"],
  ["delete", "/communities/{slug}/bans/{email}"],
  ["post", "/communities/{slug}/members/exports"],
  ["get", "/communities/{slug}/members/exports/{id}"],
  ["get", "/communities/{slug}/members/exports/{id}/download"],
  ["get", "/communities/{slug}/audit"],
  ["get", "/communities/{slug}/me"],
  ["post", "/communities/{slug}/join"],
  ["get", "/communities/{slug}/experiments"],
  ["post", "/communities/{slug}/experiments"],
  ["get", "/communities/{slug}/experiments/planner"],
  ["get", "/communities/{slug}/experiments/{id}"],
  ["post", "/communities/{slug}/experiments/{id}/start"],
  ["post", "/communities/{slug}/experiments/{id}/pause"],
  ["post", "/communities/{slug}/experiments/{id}/stop"],
  ["post", "/communities/{slug}/experiments/{id}/promote"],
  ["get", "/communities/{slug}/feed"],
  ["get", "/communities/{slug}/search"],
  ["get", "/communities/{slug}/drops"],
  ["post", "/communities/{slug}/drops"],
  ["get", "/communities/{slug}/drops/{id}"],
  ["patch", "/communities/{slug}/drops/{id}"],
  ["delete", "/communities/{slug}/drops/{id}"],
  ["get", "/communities/{slug}/drops/{id}/comments"],
  ["post", "/communities/{slug}/drops/{id}/comments"],
  ["delete", "/communities/{slug}/drops/{id}/comments/{commentId}"],
  ["post", "/communities/{slug}/posts/{id}/reports"],
  ["get", "/communities/{slug}/moderation"],
  ["post", "/communities/{slug}/moderation/posts/{id}/approve"],
  ["post", "/communities/{slug}/moderation/posts/{id}/keep"],
  ["post", "/communities/{slug}/moderation/posts/{id}/remove"],
  ["post", "/communities/{slug}/moderation/posts/{id}/mute"],
  ["get", "/communities/{slug}/moderation/rules"],
  ["put", "/communities/{slug}/moderation/rules"],
  ["get", "/communities/{slug}/notifications"],
  ["post", "/communities/{slug}/notifications/{id}/read"],
  ["post", "/communities/{slug}/notifications/read-all"],
  ["get", "/communities/{slug}/notifications/email"],
  ["put", "/communities/{slug}/notifications/email"],
  ["get", "/communities/{slug}/profile"],
  ["patch", "/communities/{slug}/profile"],
  ["put", "/communities/{slug}/profile/avatar"],
  ["get", "/communities/{slug}/insights/funnel"],
  ["get", "/communities/{slug}/insights/activity"],
  ["get", "/communities/{slug}/insights/money"],
  ["get", "/communities/{slug}/people"],
  ["get", "/communities/{slug}/people/{id}"],
  ["put", "/communities/{slug}/people/settings"],
  ["get", "/communities/{slug}/introductions"],
  ["get", "/communities/{slug}/spaces"],
  ["post", "/communities/{slug}/spaces"],
  ["put", "/communities/{slug}/spaces/{space}"],
  ["post", "/communities/{slug}/spaces/{space}/archive"],
  ["get", "/communities/{slug}/spaces/{space}/threads"],
  ["post", "/communities/{slug}/spaces/{space}/threads"],
  ["get", "/communities/{slug}/spaces/{space}/threads/{postId}"],
  ["post", "/communities/{slug}/spaces/{space}/threads/{postId}/replies"],
  ["post", "/communities/{slug}/spaces/{space}/threads/{postId}/pin"],
  ["post", "/communities/{slug}/spaces/{space}/threads/{postId}/lock"],
  ["post", "/communities/{slug}/spaces/{space}/threads/{postId}/follow"],
  ["post", "/communities/{slug}/spaces/{space}/threads/{postId}/votes"],
  ["patch", "/communities/{slug}/spaces/{space}/posts/{postId}"],
  ["delete", "/communities/{slug}/spaces/{space}/posts/{postId}"],
  ["post", "/communities/{slug}/spaces/{space}/posts/{postId}/reactions"],
  ["delete", "/communities/{slug}/spaces/{space}/posts/{postId}/reactions/{emoji}"],
  ["get", "/communities/{slug}/referral-link"],
  ["post", "/communities/{slug}/referral-link"],
  ["delete", "/communities/{slug}/referral-link"],
  ["get", "/communities/{slug}/referrals"],
  ["put", "/communities/{slug}/referral-offer"],
  ["get", "/communities/{slug}/promotion-codes"],
  ["post", "/communities/{slug}/promotion-codes"],
  ["post", "/communities/{slug}/promotion-codes/{id}/deactivate"],
  ["get", "/communities/{slug}/events"],
  ["post", "/communities/{slug}/events"],
  ["get", "/communities/{slug}/events/{eventId}"],
  ["put", "/communities/{slug}/events/{eventId}"],
  ["put", "/communities/{slug}/events/{eventId}/rsvp"],
  ["delete", "/communities/{slug}/events/{eventId}/rsvp"],
  ["put", "/communities/{slug}/events/{eventId}/attendance"],
  ["post", "/communities/{slug}/events/{eventId}/cancel"],
  ["get", "/communities/{slug}/leaderboard"],
  ["get", "/communities/{slug}/levels"],
  ["put", "/communities/{slug}/levels"],
  ["post", "/communities/{slug}/badges"],
  ["delete", "/communities/{slug}/badges/{id}"],
  ["get", "/communities/{slug}/group-offer"],
  ["put", "/communities/{slug}/group-offer"],
  ["post", "/communities/{slug}/groups"],
  ["get", "/communities/{slug}/groups/{groupId}"],
  ["post", "/communities/{slug}/groups/{groupId}/applications"],
  ["post", "/communities/{slug}/gifts"],
  ["get", "/gifts/{token}"],
  ["post", "/gifts/{token}/refund"],
];

const PUBLIC = new Set([
  "get /communities/{slug}",
  "get /communities/{slug}/questions",
  "post /communities/{slug}/applications",
  "get /communities/{slug}/tiers",
  "get /communities/{slug}/group-offer",
  "post /communities/{slug}/groups",
  "get /communities/{slug}/groups/{groupId}",
  "post /communities/{slug}/groups/{groupId}/applications",
  "post /communities/{slug}/gifts",
  "get /gifts/{token}",
  "post /gifts/{token}/refund",
]);

describe("GET /api/v1/openapi.json", () => {
  it("is an OpenAPI 3.1 document titled Threshold API, served for the API's base URL", async () => {
    const res = await api("/openapi.json");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    const doc = await json(res);
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(doc.info.title).toBe("Threshold API");
    expect(doc.info.version).toBeTruthy();
    expect(doc.servers[0].url).toMatch(/\/api\/v1$/);
  });

  it("lists every endpoint, and nothing else, with its responses", async () => {
    const doc = await json(await api("/openapi.json"));
    const listed = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method} ${path}`),
    );
    expect(listed.sort()).toEqual(ENDPOINTS.map(([m, p]) => `${m} ${p}`).sort());
    for (const [method, path] of ENDPOINTS) {
      const op = doc.paths[path][method];
      expect(op.summary, `${method} ${path}`).toBeTruthy();
      const success = Object.keys(op.responses).find((s) => s.startsWith("2"));
      expect(success, `${method} ${path}`).toBeDefined();
    }
  });

  it("describes request bodies as strict objects and path parameters", async () => {
    const doc = await json(await api("/openapi.json"));
    const submit = doc.paths["/communities/{slug}/applications"].post;
    expect(submit.requestBody.required).toBe(true);
    const schema = resolve(doc, submit.requestBody.content["application/json"].schema);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(expect.arrayContaining(["name", "email", "acceptRules"]));
    expect(Object.keys(schema.properties)).not.toContain("feeAmount");
    expect(submit.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: "slug", in: "path", required: true })]));
    const list = doc.paths["/communities/{slug}/applications"].get;
    const queryNames = list.parameters.filter((p: { in: string }) => p.in === "query").map((p: { name: string }) => p.name);
    expect(queryNames.sort()).toEqual(["cursor", "flagged", "from", "limit", "q", "status", "to"]);
  });

  it("marks a nullable reference on the field that allows null, never on the shared component", async () => {
    // The response schemas are built on first use (z.lazy, README "Cold start"); a named schema a field
    // allows to be null is then `oneOf: [$ref, null]` at that field, and its component stays an object.
    const doc = await json(await api("/openapi.json"));
    const components = doc.components.schemas as Record<string, { type?: string | string[] }>;
    const nullableComponents = Object.entries(components).filter(([, s]) => [s.type].flat().includes("null")).map(([name]) => name);
    expect(nullableComponents).toEqual([]);
    expect(components.MemberPrice.type).toBe("object");
    expect(doc.components.schemas.Member.properties.price).toEqual({
      oneOf: [{ $ref: "#/components/schemas/MemberPrice" }, { type: "null" }],
      description: "Null when comped",
    });
    expect(doc.components.schemas.Thread.properties.poll.oneOf).toEqual([{ $ref: "#/components/schemas/Poll" }, { type: "null" }]);
    // A description given to one use of a shared schema stays on that use.
    const variant = doc.components.schemas.ExperimentResults.properties.variants.items.properties;
    expect(variant.rpvInterval.description).toBe("95% credible interval of RPV");
    expect(variant.lift.properties.interval.description).toBeUndefined();
  });

  it("documents the error body on every error response and the auth schemes on staff endpoints", async () => {
    const doc = await json(await api("/openapi.json"));
    const errorSchema = doc.components.schemas.Error;
    expect(errorSchema.properties.error.required).toEqual(expect.arrayContaining(["code", "message", "requestId"]));
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.components.securitySchemes.cookieAuth).toMatchObject({ type: "apiKey", in: "cookie" });
    expect(doc.components.securitySchemes.bearerAuth.description).toBeTruthy();
    for (const [method, path] of ENDPOINTS) {
      const op = doc.paths[path][method];
      const errors = Object.entries(op.responses).filter(([s]) => /^[45]/.test(s));
      expect(errors.length, `${method} ${path}`).toBeGreaterThan(0);
      for (const [, response] of errors) {
        expect((response as { content: Record<string, { schema: { $ref: string } }> }).content["application/json"].schema.$ref).toBe(
          "#/components/schemas/Error",
        );
      }
      if (PUBLIC.has(`${method} ${path}`)) {
        expect(op.security, `${method} ${path}`).toBeUndefined();
      } else {
        expect(op.security, `${method} ${path}`).toEqual([{ bearerAuth: [] }, { cookieAuth: [] }]);
        expect(Object.keys(op.responses), `${method} ${path}`).toContain("401");
      }
    }
  });
});

function resolve(doc: { components: { schemas: Record<string, unknown> } }, schema: { $ref?: string }) {
  return (schema.$ref ? doc.components.schemas[schema.$ref.split("/").pop()!] : schema) as any;
}
