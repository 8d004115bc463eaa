import { Hono } from "hono";
import type { AppEnv } from "../app-env";

/** A movable clock for dev and tests: the offset shifts every `now()` the app reads. */
let offsetMs = 0;

export const devClock = {
  now: () => new Date(Date.now() + offsetMs),
  advance(ms: number) {
    offsetMs += ms;
  },
  reset() {
    offsetMs = 0;
  },
  get offsetMs() {
    return offsetMs;
  },
};

export const clockRoutes = new Hono<AppEnv>()
  .get("/", (c) => c.json({ now: devClock.now().toISOString(), offsetMs }))
  .post("/advance", async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as { days?: number; hours?: number; ms?: number };
    const ms = (body.days ?? 0) * 86_400_000 + (body.hours ?? 0) * 3_600_000 + (body.ms ?? 0);
    if (!Number.isFinite(ms)) return c.json({ error: { code: "bad_request", message: "days, hours or ms must be numbers" } }, 400);
    devClock.advance(ms);
    return c.json({ now: devClock.now().toISOString(), offsetMs });
  })
  .post("/reset", (c) => {
    devClock.reset();
    return c.json({ now: devClock.now().toISOString(), offsetMs: 0 });
  });
