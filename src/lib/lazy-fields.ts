/**
 * An object whose properties are built by their functions on first read and then kept, so each
 * read returns the same value. Schema modules hold their field schemas this way: a new isolate
 * builds none of them at start-up, only those a request parses with (README, "Cold start"), and
 * the JSON API's OpenAPI document, which knows a schema by its identity, sees one object per field.
 *
 * It also serves as the shape of a zod object (`z.strictObject(lazyFields({ ... }))`): zod reads a
 * shape's properties when the object first parses or is described, not when it is built. zod copies
 * a shape with its getters (`z.extend()`, `.check()`), so the value is kept here, not on the object
 * read: every copy hands out the same field.
 */
export function lazyFields<T extends Record<string, () => unknown>>(build: T): { readonly [K in keyof T]: ReturnType<T[K]> } {
  const fields = {} as { [K in keyof T]: ReturnType<T[K]> };
  for (const key of Object.keys(build)) {
    Object.defineProperty(fields, key, { enumerable: true, configurable: true, get: once(build[key]!) });
  }
  return fields;
}

/**
 * A value built by `build` on the first call and then kept. Modules hold their drizzle column maps
 * and `sql` fragments this way: building one builds the tables it names (drizzle/lazy-table.ts),
 * which a new isolate should not pay for before a request reads them.
 */
export function once<T>(build: () => T): () => T {
  let value: { v: T } | undefined;
  return () => (value ??= { v: build() }).v;
}
