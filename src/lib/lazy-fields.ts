/**
 * An object whose properties are built by their functions on first read and then kept, so each
 * read returns the same value. Schema modules hold their field schemas this way: a new isolate
 * builds none of them at start-up, only those a request parses with (README, "Cold start"), and
 * the JSON API's OpenAPI document, which knows a schema by its identity, sees one object per field.
 */
export function lazyFields<T extends Record<string, () => unknown>>(build: T): { readonly [K in keyof T]: ReturnType<T[K]> } {
  const fields = {} as { [K in keyof T]: ReturnType<T[K]> };
  for (const key of Object.keys(build) as (keyof T & string)[]) {
    Object.defineProperty(fields, key, {
      enumerable: true,
      configurable: true,
      get() {
        const value = build[key]() as ReturnType<T[typeof key]>;
        Object.defineProperty(fields, key, { value, enumerable: true, writable: false, configurable: false });
        return value;
      },
    });
  }
  return fields;
}
