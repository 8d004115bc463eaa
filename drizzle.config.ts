import { defineConfig } from "drizzle-kit";

// drizzle/ holds the schema (the single source of truth for tables);
// migrations/ holds the SQL generated from it, applied by `wrangler d1 migrations apply`.
export default defineConfig({
  dialect: "sqlite",
  schema: "./drizzle/index.ts",
  out: "./migrations",
});
