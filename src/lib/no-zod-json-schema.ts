/**
 * Stands in for the core of zod's JSON Schema output (zod/v4/core/to-json-schema.js and
 * json-schema-generator.js, behind `z.toJSONSchema` and `schema.toJSONSchema()`) in the Workers'
 * bundles (see `[alias]` in wrangler.toml). zod's classic schemas import them for their
 * `toJSONSchema` methods, so the bundler keeps them whether called or not. Nothing in Threshold
 * calls them: the OpenAPI document is built by @asteasolutions/zod-to-openapi, which reads the
 * schemas' definitions itself (through json-schema-processors.js's `aggregateChecks`, which stays
 * real). These are the same names; the factories zod calls while it builds a schema return
 * functions, and every function refuses to run.
 */
function notInThisBuild(): never {
  throw new Error("zod's JSON Schema output is not part of Threshold's build (src/lib/no-zod-json-schema.ts)");
}
/** zod builds each schema's `toJSONSchema` and `~standard.jsonSchema` with these: they must return, not throw. */
export const createToJSONSchemaMethod = (): typeof notInThisBuild => notInThisBuild;
export const createStandardJSONSchemaMethod = (): typeof notInThisBuild => notInThisBuild;

export class JSONSchemaGenerator {
  constructor() {
    notInThisBuild();
  }
}
export {
  notInThisBuild as initializeContext,
  notInThisBuild as handleUnrepresentable,
  notInThisBuild as processSchema,
  notInThisBuild as process,
  notInThisBuild as extractDefs,
  notInThisBuild as finalize,
};
