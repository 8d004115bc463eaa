/**
 * Stands in for zod's ahead-of-time schema compiler (`z.compile`, zod/v4/core/compile.js, 29 KiB
 * minified) in the production bundle (see `[alias]` in wrangler.toml). zod re-exports it through
 * the `z` namespace, which @hono/zod-openapi passes around as a value, so the bundler keeps every
 * export whether used or not. We never compile schemas (they run on zod's ordinary parser, which
 * does not import this module), so these are the same names, refusing to run.
 */
export const INVALID = Symbol.for("zod.compile.invalid");

export class ZodCompileAsyncError extends Error {}
export class ZodCompileUnsupportedError extends Error {}

function notInThisBuild(): never {
  throw new Error("z.compile is not part of Threshold's build (src/lib/no-zod-compile.ts)");
}
export const compile = notInThisBuild;
export const withParser = notInThisBuild;
export const compileFn = notInThisBuild;
