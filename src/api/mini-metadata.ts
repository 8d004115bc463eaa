import { z } from "@hono/zod-openapi";
import * as mini from "zod/mini";

/**
 * The zod/mini schema classes the shared rules build. Named one by one (the bundler keeps only the
 * members read by name; iterating the namespace would keep zod/mini's every export); a shared rule built
 * of another class fails test/api/openapi-document.test.ts ("meta is not a function") until it is
 * added here.
 */
const MINI_CLASSES = [
  mini.ZodMiniArray,
  mini.ZodMiniBoolean,
  mini.ZodMiniCatch,
  mini.ZodMiniDate,
  mini.ZodMiniDefault,
  mini.ZodMiniEmail,
  mini.ZodMiniEnum,
  mini.ZodMiniISODate,
  mini.ZodMiniISODateTime,
  mini.ZodMiniLazy,
  mini.ZodMiniLiteral,
  mini.ZodMiniNullable,
  mini.ZodMiniNumber,
  mini.ZodMiniNumberFormat,
  mini.ZodMiniObject,
  mini.ZodMiniOptional,
  mini.ZodMiniPipe,
  mini.ZodMiniRecord,
  mini.ZodMiniString,
  mini.ZodMiniStringFormat,
  mini.ZodMiniTransform,
  mini.ZodMiniUnion,
  mini.ZodMiniUnknown,
  mini.ZodMiniURL,
];

/**
 * Every schema of Threshold is a zod/mini schema (src/lib/zod-messages.ts), named and described in
 * zod's global registry (`.check(z.meta({ id: "Tier", description }))`, or for a shared rule
 * `.register(z.globalRegistry, { id: "PostInput" })`). The
 * OpenAPI generator (@asteasolutions/zod-to-openapi) reads what it documents through members only
 * zod's full build has: `.meta()`, a string's `format`, `minLength` and `maxLength`, a number's
 * `format`, a record's `keyType` and `valueType`, a nullable's `unwrap()`. This gives zod/mini's
 * schema classes the same members, each computed as the full build computes it (its own getters,
 * borrowed), with a registered `id` as the document's component name (what `.openapi("PostInput")`
 * sets on a full-build schema) and `extendedFrom` as the named object another extends
 * (`extending()`, src/api/openapi.ts). It runs before a document is generated (src/api/document.ts),
 * never in a deployed Worker; test/api/openapi-document.test.ts holds the document to what it was.
 */
export function describeMiniSchemas(): void {
  const borrowed = { string: gettersOf(z.string(), ["format", "minLength", "maxLength"]), number: gettersOf(z.number(), ["format"]) };
  const members: Record<string, PropertyDescriptor> = {
    meta: { value: metaOf },
    unwrap: { value: unwrapOf },
    keyType: { get: defOf("keyType") },
    valueType: { get: defOf("valueType") },
  };
  for (const key of ["format", "minLength", "maxLength"]) {
    members[key] = {
      get(this: mini.ZodMiniType) {
        const getter = borrowed[this._zod.def.type as keyof typeof borrowed]?.[key];
        return getter ? getter.call(this) : undefined;
      },
    };
  }
  for (const constructor of MINI_CLASSES) {
    const proto = (constructor as unknown as { prototype: object }).prototype;
    for (const [key, descriptor] of Object.entries(members)) {
      if (!Object.prototype.hasOwnProperty.call(proto, key)) Object.defineProperty(proto, key, { ...descriptor, configurable: true });
    }
  }
}

/** The full build's getters for `keys` on the prototype chain of `sample`. */
function gettersOf(sample: object, keys: string[]): Record<string, () => unknown> {
  const out: Record<string, () => unknown> = {};
  for (const key of keys) {
    for (let proto = Object.getPrototypeOf(sample); proto; proto = Object.getPrototypeOf(proto)) {
      const descriptor = Object.getOwnPropertyDescriptor(proto, key);
      if (descriptor?.get) {
        out[key] = descriptor.get;
        break;
      }
    }
    if (!out[key]) throw new Error(`zod's full build has no ${key} getter to lend zod/mini`);
  }
  return out;
}

function metaOf(this: mini.ZodMiniType): Record<string, unknown> | undefined {
  const meta = mini.globalRegistry.get(this) as Record<string, unknown> | undefined;
  if (!meta || (meta.id === undefined && meta.extendedFrom === undefined)) return meta;
  const { id, extendedFrom, ...rest } = meta;
  const parent = extendedFrom as mini.ZodMiniType | undefined;
  const parentId = parent && mini.globalRegistry.get(parent)?.id;
  return {
    ...rest,
    _internal: { ...(typeof id === "string" ? { refId: id } : {}), ...(parentId ? { extendedFrom: { refId: parentId, schema: parent } } : {}) },
  };
}

function unwrapOf(this: mini.ZodMiniType): unknown {
  return (this._zod.def as { innerType?: unknown }).innerType;
}

const defOf = (key: string) =>
  function (this: mini.ZodMiniType): unknown {
    return (this._zod.def as unknown as Record<string, unknown>)[key];
  };
