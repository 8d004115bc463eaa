import { OpenAPIHono, z, type Hook } from "@hono/zod-openapi";
import type { Context, Hono, Next } from "hono";
import type * as core from "zod/v4/core";
import type { AppEnv } from "../app-env";
import { AppError, errorBody, type ErrorCode } from "../lib/errors";
import { zodIssues } from "../lib/validation";

/**
 * The one validation hook of the JSON API: a zod failure in params, query or body becomes a 400
 * with the standard error body, one `details` entry per bad field (unknown keys named one by one).
 */
export const defaultHook: Hook<unknown, AppEnv, string, Response | undefined> = (result, c) => {
  if (result.success) return;
  return c.json(errorBody(AppError.validation(zodIssues(result.error)), c.get("requestId")), 400);
};

/**
 * A resource module's routes (src/api/routes.ts mounts each list with `mountApiRoutes`). Only the
 * `.openapi(route, handler)` calls are recorded, in order: no router exists per module, and no
 * route is added twice (once to a module's router, again to the API's). Typed as an OpenAPIHono
 * so that each handler's `c.req.valid(...)` knows its route's params, query and body; any other
 * method fails at start-up, in every test.
 */
export function createApiRouter(): OpenAPIHono<AppEnv> {
  const recorded: RecordedRoute[] = [];
  const list = {
    [RECORDED]: recorded,
    openapi(route: RouteConfig, handler: Handler, hook?: Hook<unknown, AppEnv, string, unknown>) {
      recorded.push({ route, handler, hook });
      return list;
    },
  };
  return list as unknown as OpenAPIHono<AppEnv>;
}

const RECORDED = Symbol("recorded API routes");
type RouteConfig = Parameters<OpenAPIHono<AppEnv>["openapi"]>[0];
type RecordedRoute = { route: RouteConfig; handler: Handler; hook?: Hook<unknown, AppEnv, string, unknown> };

/**
 * Adds the recorded routes of each list to `root`, in order, each as one router entry (the
 * OpenAPI document is `documentRoutes`' work). OpenAPIHono itself builds each route's middleware,
 * validators and handler (so they validate exactly as `app.openapi()` would, through
 * `defaultHook`), but they run as one handler (`inSequence`), as Hono would run them as separate
 * entries: OpenAPIHono adds each part as an entry of its own (about 480 for our ~150 routes), and
 * the app's router compiles a pattern per entry when it is added and tries every one on a request.
 * (Building the parts on a route's first request instead saved 1.4 ms of start-up but added 2 ms
 * to a new isolate's first request.)
 */
export function mountApiRoutes<R extends Hono<AppEnv>>(root: R, ...lists: OpenAPIHono<AppEnv>[]): R {
  const on = root.on as (method: string[], path: string[], handler: Handler) => unknown;
  let parts: Handler[] = [];
  const builder = new OpenAPIHono<AppEnv>({ defaultHook });
  builder.on = ((_method: unknown, _path: unknown, ...handlers: Handler[]) => {
    parts = handlers;
    return builder;
  }) as typeof builder.on;
  for (const { route, handler, hook } of lists.flatMap(recordedRoutes)) {
    builder.openapi({ ...route, hide: true }, handler as never, hook as never);
    on([route.method], [honoPath(route.path)], parts.length > 1 ? inSequence(parts) : parts[0]!);
  }
  return root;
}

/** Adds each route of the lists, in order, to the OpenAPI document of `docs` (hidden ones aside). */
export function documentRoutes(docs: Pick<OpenAPIHono<AppEnv>, "openAPIRegistry">, ...lists: OpenAPIHono<AppEnv>[]): void {
  for (const { route } of lists.flatMap(recordedRoutes)) {
    const { middleware: _middleware, hide, ...documented } = route;
    if (!hide) docs.openAPIRegistry.registerPath(documented);
  }
}

/** The method and path of every route a list recorded, in order (src/routing.ts's tests read them). */
export function apiRoutesOf(list: OpenAPIHono<AppEnv>): { method: string; path: string }[] {
  return recordedRoutes(list).map(({ route }) => ({ method: route.method, path: route.path }));
}

function recordedRoutes(list: OpenAPIHono<AppEnv>): RecordedRoute[] {
  const recorded = (list as unknown as { [RECORDED]?: RecordedRoute[] })[RECORDED];
  if (!recorded) throw new Error("mountApiRoutes takes the lists of createApiRouter()");
  return recorded;
}

/** OpenAPI's `/communities/{slug}` as Hono's `/communities/:slug`, as OpenAPIHono writes it. */
const honoPath = (path: string) => path.replaceAll(/\/{(.+?)}/g, "/:$1");

type Handler = (c: Context, next: Next) => unknown;

/**
 * Handlers run one after another as Hono's compose runs a route's entries: each gets a `next` that
 * runs the rest, what one returns becomes the response unless one was already made, and the last
 * `next` goes on to whatever the app runs after the route. Not Hono's own `compose`: it sets the
 * request's route index for each handler, and `c.req.param()` reads the route's parameters by it.
 */
function inSequence(handlers: Handler[]): Handler {
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
  z
    .object({
      error: z.object({
        code: z.enum(ERROR_CODES),
        message: z.string(),
        details: z
          .array(z.object({ field: z.string().openapi({ example: "answers.q_3k9v2" }), message: z.string() }))
          .optional()
          .openapi({ description: "One entry per offending field: body keys, `answers.<questionId>`, query or path parameters." }),
        requestId: z.string(),
      }),
    })
    .openapi("Error"),
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

// The API's schemas are built on first use, so a new isolate of the API Worker builds almost none of
// them at start-up (README, "Cold start"):
// - each module-level response or body schema is a `z.lazy`: a response schema is built only for the
//   OpenAPI document (responses are not validated), a body schema on the first request that parses one;
// - path and query parameters stay zod objects, since OpenAPIHono reads their shape when a route is
//   added, with their fields from `lazyFields` (src/lib/lazy-fields.ts), read on the first parse;
// - to describe one use of a shared lazy schema of this module tree, write
//   `Shared.unwrap().openapi({ ... })`: `.openapi()` on a `z.lazy` also writes to the shared schema
//   (ours keep their refinements inside the lazy, so `.unwrap()` loses none);
// - to give a feature's schema a name in the document, use `named()` below.

/**
 * A feature's schema under its own name in the OpenAPI document (a request body such as
 * "ApplicationSubmission"). It validates exactly as `schema`, refinements included, and leaves
 * `schema` itself untouched: `.openapi()` on a shared `z.lazy` would write the name to every module's
 * copy. Built on first use like the rest; the outer `z.lazy` keeps a nullable use `oneOf: [$ref, null]`.
 */
export function named<T extends core.$ZodType>(schema: T, name: string, metadata?: Parameters<z.ZodType["openapi"]>[1]) {
  return z.lazy(() => z.lazy(() => schema).openapi(name, metadata));
}

/**
 * The schema as a route may hold it: the rules the pages share are zod/mini schemas
 * (src/lib/zod-messages.ts), which @hono/zod-openapi takes inside a lazy of the full build; the
 * API's own schemas pass through as they are.
 */
function routeSchema<T extends core.$ZodType>(schema: T): z.ZodType<core.output<T>, core.input<T>> {
  return schema instanceof z.ZodType ? (schema as unknown as z.ZodType<core.output<T>, core.input<T>>) : z.lazy(() => schema);
}

export function jsonContent<T extends core.$ZodType>(schema: T, description: string) {
  return { description, content: { "application/json": { schema: routeSchema(schema) } } };
}

/** A required JSON body: without `required` the validator would let an empty request through as `{}`. */
export function jsonBody<T extends core.$ZodType>(schema: T) {
  return { required: true, content: { "application/json": { schema: routeSchema(schema) } } };
}
