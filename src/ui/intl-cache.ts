/**
 * Intl formatters kept for the isolate's life, one per key (a currency, a time zone, a set of
 * options): building one costs far more than formatting with one. The landing page alone shows
 * a dozen prices, and building a formatter per call was a tenth of its CPU under load.
 *
 * `formatterCache<F>()` returns a lookup `(key, build) => formatter`, or null when `build`
 * throws (an unknown currency or zone, which is not kept: the caller falls back as before).
 */
export function formatterCache<F>(): (key: string, build: () => F) => F | null {
  const cache = new Map<string, F>();
  return (key, build) => {
    let f = cache.get(key);
    if (f === undefined) {
      try {
        f = build();
      } catch {
        return null;
      }
      // Keys come from our own data and validated input; the bound is a backstop.
      if (cache.size >= 500) cache.clear();
      cache.set(key, f);
    }
    return f;
  };
}
