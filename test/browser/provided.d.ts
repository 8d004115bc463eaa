// Values the browser project's globalSetup hands to tests through `inject()`.
declare module "vitest" {
  export interface ProvidedContext {
    /** Where `wrangler dev --env dev` listens, e.g. http://127.0.0.1:40123 (no trailing slash). */
    baseUrl: string;
  }
}
export {};
