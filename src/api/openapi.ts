import type { Context, Handler, Hono, MiddlewareHandler, Next } from "hono";
import { HTTPException } from "hono/http-exception";
import { validator } from "hono/validator";
import * as z from "zod/mini";
import type * as core from "zod/v4/core";
import type { AppEnv } from "../app-env";
import { AppError, errorBody, type ErrorCode } from "../lib/errors";
import { zodIssues } from "../lib/validation";
import "../lib/zod-messages";

/**
 * One route of the JSON API, as OpenAPI describes it: method and path (`/communities/{slug}`),
 * the documentation (tags, summary, description, security, responses), the middleware that runs
 * first (access checks), and the zod schemas of its path parameters, query and JSON body, which
 * both validate the request (`mountApiRoutes`) and describe it in the OpenAPI document
 * (src/api/document.ts, built by `npm run openapi` and by the dev app; the API Workers serve the
 * written document and never load the generator). Schemas are zod/mini's, described through
 * zod's global registry (`.check(z.meta({ id: "Tier", description, example }))`).
 */
export interface ApiRoute {
  method: "get" | "post" | "put" | "patch" | "delete";
  path: string;
  tags?: string[];
  summary?: string;
  description?: string;
  security?: Record<string, string[]>[];
  // Each route's own env (AppEnv plus what its middleware sets) is read from here by ApiHandler.
  middleware?: MiddlewareHandler<any> | MiddlewareHandler<any>[];
  /** Left out of the OpenAPI document. */
  hide?: boolean;
  request?: {
    params?: core.$ZodType;
    query?: core.$ZodType;
    body?: { required?: boolean; description?: string; content: Record<string, { schema: unknown }> };
  };
  responses: Record<number, { description: string; headers?: unknown; content?: Record<string, { schema: unknown }> }>;
}

/** A route as written, its literal types kept so that its handler knows its parameters, query and body. */
export function createRoute<R extends ApiRoute>(route: R): R {
  return route;
}

type Output<S> = S extends core.$ZodType ? core.output<S> : never;
type Request<R extends ApiRoute> = NonNullable<R["request"]>;
/** What `c.req.valid("param" | "query" | "json")` returns in a route's handler: its schemas' output. */
type RouteInput<R extends ApiRoute> = {
  out: (Request<R> extends { params: infer P } ? { param: Output<P> } : {}) &
    (Request<R> extends { query: infer Q } ? { query: Output<Q> } : {}) &
    (Request<R> extends { body: { content: { "application/json": { schema: infer B } } } } ? { json: Output<B> } : {});
};
type EnvOf<M> = M extends MiddlewareHandler<infer E> ? E : M extends readonly MiddlewareHandler<infer E>[] ? E : AppEnv;
type RouteEnv<R extends ApiRoute> = R extends { middleware: infer M } ? EnvOf<M> & AppEnv : AppEnv;
export type ApiHandler<R extends ApiRoute> = Handler<RouteEnv<R>, string, RouteInput<R>>;

/** A resource module's routes, in order, each with its handler (src/api/routes.ts mounts the lists). */
export interface ApiRouteList {
  openapi<R extends ApiRoute>(route: R, handler: ApiHandler<R>, onInvalid?: InvalidHook): ApiRouteList;
  readonly [RECORDED]: RecordedRoute[];
}

const RECORDED = Symbol("recorded API routes");
type AnyHandler = (c: Context, next: Next) => unknown;
type RecordedRoute = { route: ApiRoute; handler: AnyHandler; onInvalid?: InvalidHook };
/**
 * A route's own answer to input its schemas refuse (the submission names bad answers too); without
 * one, or when it returns nothing, the answer is the standard 400.
 */
export type InvalidHook = (failure: { error: core.$ZodError; target: string }, c: Context<AppEnv>) => Response | undefined | Promise<Response | undefined>;

/**
 * A resource module's list of routes (src/api/routes.ts mounts each list with `mountApiRoutes`).
 * Only records `.openapi(route, handler)` calls, in order: no router exists per module, and no
 * route is added twice.
 */
export function createApiRouter(): ApiRouteList {
  const recorded: RecordedRoute[] = [];
  const list: ApiRouteList = {
    [RECORDED]: recorded,
    openapi(route, handler, onInvalid) {
      recorded.push({ route, handler: handler as unknown as AnyHandler, onInvalid });
      return list;
    },
  };
  return list;
}

/**
 * Adds the recorded routes of each list to `root`, in order, each as one router entry: the route's
 * middleware, then the validators of its path parameters, query and JSON body, then its handler,
 * run one after another (`inSequence`) as Hono would run them as separate entries. The app's
 * router compiles a pattern per entry when it is added and tries every one on a request, so one
 * entry per route keeps both to about 150.
 */
export function mountApiRoutes<R extends Hono<AppEnv>>(root: R, ...lists: ApiRouteList[]): R {
  const on = root.on as (method: string[], path: string[], handler: AnyHandler) => unknown;
  for (const { route, handler, onInvalid } of lists.flatMap(recordedRoutes)) {
    const middleware = route.middleware ? [route.middleware].flat() : [];
    const parts = [...(middleware as AnyHandler[]), ...validatorsOf(route, onInvalid), handler];
    on([route.method], [honoPath(route.path)], parts.length > 1 ? inSequence(parts) : parts[0]!);
  }
  return root;
}

/**
 * The validators of a route, as @hono/zod-openapi's OpenAPIHono builds them (the API mounted its
 * routes through it before): path parameters and query by their schemas; a JSON body only in a
 * request whose Content-Type says JSON (415 otherwise, and for a body sent without a Content-Type);
 * an optional body, when none is sent, as `{}`. A failure is a 400 with the standard error body, one
 * `details` entry per bad field (unknown keys named one by one).
 */
function validatorsOf(route: ApiRoute, onInvalid?: InvalidHook): AnyHandler[] {
  const out: AnyHandler[] = [];
  const { params, query, body } = route.request ?? {};
  if (query) out.push(validating("query", query, onInvalid));
  if (params) out.push(validating("param", params, onInvalid));
  if (!body) return out;
  const json = body.content["application/json"]?.schema;
  // A body without a schema (an avatar's image) is the handler's to read.
  if (!isZodSchema(json)) return out;
  if (Object.keys(body.content).length > 1) throw new Error(`${route.method} ${route.path}: a JSON body is the only one declared`);
  out.push(async (c, next) => {
    const type = c.req.header("content-type");
    if (type ? !JSON_REQUEST.test(type) : await hasRequestBody(c)) {
      throw new HTTPException(415, { message: "Unsupported Media Type" });
    }
    await next();
  });
  const validate = validating("json", json, onInvalid);
  out.push(
    body.required
      ? validate
      : async (c, next) => {
          if (isJSONContentType(c.req.header("content-type") ?? "")) return validate(c, next);
          c.req.addValidatedData("json", {});
          await next();
        },
  );
  return out;
}

function validating(target: "param" | "query" | "json", schema: core.$ZodType, onInvalid?: InvalidHook): AnyHandler {
  return validator(target, async (value, c: Context<AppEnv>) => {
    const result = await z.safeParseAsync(schema, value);
    if (result.success) return result.data;
    const answer = onInvalid && (await onInvalid({ error: result.error, target }, c));
    return answer ?? c.json(errorBody(AppError.validation(zodIssues(result.error)), c.get("requestId")), 400);
  }) as unknown as AnyHandler;
}

const isZodSchema = (schema: unknown): schema is core.$ZodType => typeof schema === "object" && schema !== null && "_zod" in schema;
const isJSONContentType = (type: string) => /^application\/([a-z-.]+\+)?json/i.test(type);
const JSON_REQUEST = /^application\/([a-z-.]+\+)?json(;\s*[a-zA-Z0-9-]+=([^;]+))*$/i;

/** Whether the request carries at least one byte of body (without consuming it). */
async function hasRequestBody(c: Context): Promise<boolean> {
  const raw = c.req.raw;
  if (raw.body === null) return false;
  if (raw.bodyUsed) return (await c.req.arrayBuffer()).byteLength > 0;
  const stream = raw.clone().body;
  if (stream === null) return false;
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return false;
      if (value.byteLength > 0) return true;
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}

/** The method and path of every route a list recorded, in order (src/routing.ts's tests read them). */
export function apiRoutesOf(list: ApiRouteList): { method: string; path: string }[] {
  return recordedRoutes(list).map(({ route }) => ({ method: route.method, path: route.path }));
}

/** The routes a list recorded, in order (the OpenAPI document's, src/api/document.ts). */
export function recordedRoutes(list: ApiRouteList): RecordedRoute[] {
  const recorded = (list as { [RECORDED]?: RecordedRoute[] })[RECORDED];
  if (!recorded) throw new Error("mountApiRoutes takes the lists of createApiRouter()");
  return recorded;
}

/** OpenAPI's `/communities/{slug}` as Hono's `/communities/:slug`. */
const honoPath = (path: string) => path.replaceAll(/\/{(.+?)}/g, "/:$1");

/**
 * Handlers run one after another as Hono's compose runs a route's entries: each gets a `next` that
 * runs the rest, what one returns becomes the response unless one was already made, and the last
 * `next` goes on to whatever the app runs after the route. Not Hono's own `compose`: it sets the
 * request's route index for each handler, and `c.req.param()` reads the route's parameters by it.
 */
function inSequence(handlers: AnyHandler[]): AnyHandler {
  return async (c, next) => {
    let index = -1;
    const run = async (i: number): Promise<void> => {
      if (i <= index) throw new Error("next() called multiple times");
      index = i;
      const handler = i < handlers.length ? handlers[i] : next;
      if (!handler) return;
      const res = await handler(c, () => run(i + 1));
      if (res && !c.finalized) c.res = res as Response;
    };
    await run(0);
    return c.finalized ? c.res : undefined;
  };
}

export const SECURITY_SCHEMES = {
  bearerAuth: {
    type: "http",
    scheme: "bearer",
    description:
      "A session token from the magic-link sign-in, sent as `Authorization: Bearer <token>`. " +
      "The sign-in response carries it in the `set-auth-token` header.",
  },
  cookieAuth: {
    type: "apiKey",
    in: "cookie",
    name: "better-auth.session_token",
    description: "The session cookie a browser gets from the magic-link sign-in at /signin.",
  },
} as const;

/** Staff endpoints accept either a bearer token or the session cookie. */
export const staffSecurity: Record<string, string[]>[] = [{ bearerAuth: [] }, { cookieAuth: [] }];

const ERROR_CODES = [
  "bad_request",
  "validation_failed",
  "unauthenticated",
  "forbidden",
  "not_found",
  "conflict",
  "payment_required",
  "invalid_signature",
  "stripe_error",
  "misconfigured",
  "payload_too_large",
  "rate_limited",
  "internal",
] as const satisfies readonly ErrorCode[];

export const ErrorBodySchema = z.lazy(() =>
  z.object({
    error: z.object({
      code: z.enum(ERROR_CODES),
      message: z.string(),
      details: z.optional(
        z.array(z.object({ field: z.string().check(z.meta({ example: "answers.q_3k9v2" })), message: z.string() })).check(
          z.meta({ description: "One entry per offending field: body keys, `answers.<questionId>`, query or path parameters." }),
        ),
      ),
      requestId: z.string(),
    }),
  }).check(z.meta({ id: "Error" })),
);

const ERROR_DESCRIPTIONS = {
  400: "Invalid input; `details` names each offending field",
  401: "Not signed in",
  403: "Signed in without the needed role",
  404: "Not found",
  409: "Conflicts with the current state",
  413: "The body is too large",
  415: "The body is not JSON",
  429: "Too many requests; `Retry-After` says how many seconds to wait",
  502: "Stripe could not be reached",
} as const;
type ErrorStatus = keyof typeof ERROR_DESCRIPTIONS;

/** The documented error responses of a route, all with the standard error body. */
export function errorResponses<S extends ErrorStatus>(...statuses: S[]) {
  return Object.fromEntries(
    statuses.map((s) => [s, { description: ERROR_DESCRIPTIONS[s], content: { "application/json": { schema: ErrorBodySchema } } }]),
  ) as unknown as { [K in S]: { description: string; content: { "application/json": { schema: typeof ErrorBodySchema } } } };
}

// The API's schemas are built on first use, so a new isolate of an API Worker builds almost none of
// them at start-up (README, "Cold start"):
// - each module-level response or body schema is a `z.lazy`: a response schema is built only for the
//   OpenAPI document (responses are not validated), a body schema on the first request that parses one;
// - path and query parameters are zod objects whose fields come from `lazyFields`
//   (src/lib/lazy-fields.ts), read on the first parse;
// - a schema is described for the document with zod's global registry: `.check(z.meta({ ... }))`
//   describes a copy and leaves the schema it was called on as it was, so one use of a shared schema
//   can be described without changing the others; `id` names it as a component of the document.

/**
 * A feature's schema under its own name in the OpenAPI document (a request body such as
 * "ApplicationSubmission"). It validates exactly as `schema`, refinements included, and leaves
 * `schema` itself untouched. Built on first use like the rest; the outer `z.lazy` keeps a nullable
 * use `oneOf: [$ref, null]`.
 */
export function named<T extends core.$ZodType>(schema: T, name: string, metadata?: Record<string, unknown>) {
  return z.lazy(() => z.lazy(() => schema).check(z.meta({ id: name, ...metadata })));
}

/**
 * The schema a shared `z.lazy` builds, built anew: a copy to describe for one use
 * (`unlazy(timestamp).check(z.meta({ description }))`) or to extend.
 */
export const unlazy = <T extends core.$ZodType>(schema: z.ZodMiniLazy<T>): T => schema._zod.def.getter() as T;

/**
 * A named object with more fields (a member with their answers): in the document, `allOf` the
 * named one's `$ref` and the fields added (src/api/mini-metadata.ts reads `extendedFrom`).
 */
export function extending<T extends z.ZodMiniObject, S extends core.$ZodLooseShape>(base: z.ZodMiniLazy<T>, shape: S) {
  const parent = unlazy(base);
  const extended = z.extend(parent, shape);
  // z.extend keeps the parent's checks, its description and name among them: the copy keeps its rules only.
  const def = extended._zod.def;
  const rules = extended.clone({ ...def, checks: def.checks?.filter((check) => check._zod.def.check !== "meta") });
  return rules.check(z.meta({ extendedFrom: parent }));
}

export function jsonContent<T extends core.$ZodType>(schema: T, description: string) {
  return { description, content: { "application/json": { schema } } };
}

/** A required JSON body: without `required` the validator would let an empty request through as `{}`. */
export function jsonBody<T extends core.$ZodType>(schema: T) {
  return { required: true, content: { "application/json": { schema } } };
}
