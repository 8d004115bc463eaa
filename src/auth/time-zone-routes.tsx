import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { AppError } from "../lib/errors";
import { Layout, page } from "../ui/layout";
import { TIME_ZONE_COOKIE, validTimeZone, viewerTimeZone } from "../ui/time-zone";
import { safeNextPath } from "./session";
import { setOwnCookie } from "../lib/cookies";

/**
 * The viewer picks the time zone dates are shown in. Pages run no script, so the browser's own
 * zone is unknown to the server; the choice is kept in a cookie, for signed-out applicants too.
 */
export const timeZoneRoutes = new Hono<AppEnv>();

timeZoneRoutes.get("/preferences/time-zone", (c) => {
  const next = safeNextPath(c.req.query("next"));
  const current = viewerTimeZone();
  const zones = ["UTC", ...Intl.supportedValuesOf("timeZone").filter((z) => z !== "UTC")];
  return c.html(
    page(
      <Layout title="Time zone · Threshold" narrow>
        <h1>Time zone</h1>
        <p class="lead">Dates and times on every page are shown in the zone you choose here. It is kept in this browser.</p>
        <form method="post" action="/preferences/time-zone" class="card">
          <input type="hidden" name="next" value={next} />
          <div class="field">
            <label for="timeZone">Your time zone</label>
            <select id="timeZone" name="timeZone">
              {zones.map((z) => (
                <option value={z} selected={z === current}>
                  {z.replace(/_/g, " ")}
                </option>
              ))}
            </select>
          </div>
          <div class="actions">
            <button class="btn" type="submit">
              Save
            </button>
            <a href={next}>Back</a>
          </div>
        </form>
      </Layout>,
    ),
  );
});

timeZoneRoutes.post("/preferences/time-zone", async (c) => {
  const form = await c.req.parseBody();
  const zone = validTimeZone(typeof form.timeZone === "string" ? form.timeZone : null);
  if (!zone) throw AppError.validation([{ field: "timeZone", message: "Choose a time zone from the list" }]);
  setOwnCookie(c, TIME_ZONE_COOKIE, zone, "/", 365 * 86_400);
  return c.redirect(safeNextPath(form.next), 303);
});
