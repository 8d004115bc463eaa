/**
 * Stands in for zod's table of 50-odd translated error locales in the production bundle (see
 * `[alias]` in wrangler.toml). zod re-exports that table as a namespace (`z.locales`), which no
 * bundler can tree-shake, and it was about a seventh of the bundle. We never switch locales:
 * zod's own English default (imported separately by zod) stays, and the messages people see
 * come from our validation hook (src/lib/validation.ts).
 */
export {};
