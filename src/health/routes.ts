import { Hono } from "hono";
import { sql } from "drizzle-orm";
import type { AppEnv } from "../app-env";
import { AppError } from "../lib/errors";

export const healthRoutes = new Hono<AppEnv>().get("/healthz", async (c) => {
  try {
    await c.get("deps").db.run(sql`select 1`);
  } catch {
    throw new AppError(503, "internal", "Database is not answering");
  }
  return c.json({ ok: true });
});
