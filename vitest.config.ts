import { defineConfig } from "vitest/config";

// Two projects: integration and unit tests inside workerd (the real runtime, local D1),
// and browser tests in Node driving Debian's Chromium against `wrangler dev`.
export default defineConfig({
  test: {
    projects: ["./vitest.workers.config.ts", "./vitest.browser.config.ts"],
  },
});
