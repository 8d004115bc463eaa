/**
 * Stands in for `z.fromJSONSchema` (zod/v4/classic/from-json-schema.js, 12 KiB minified) in the
 * production bundle (see `[alias]` in wrangler.toml): kept by the bundler only because the `z`
 * namespace is passed around as a value. We never build schemas from JSON Schema.
 */
export function fromJSONSchema(): never {
  throw new Error("z.fromJSONSchema is not part of Threshold's build (src/lib/no-zod-from-json-schema.ts)");
}
