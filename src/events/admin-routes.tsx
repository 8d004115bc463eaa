import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { AdminLayout } from "../communities/admin-layout";
import { flashFor, loadAdmin, OWNERS_ONLY } from "../communities/admin-context";
import { RadioGroup, TextField } from "../communities/fields";
import { AppError } from "../lib/errors";
import { formText, readForm } from "../communities/forms";
import { page } from "../ui/layout";
import { eventsBase } from "./list-page";
import { eventSettingsOf, MAX_ATTENDANCE_POINTS, saveEventSettings } from "./service";

/** The owner's events settings: whether members, not only staff, may create events, and the points for attending one. */
export const eventAdminRoutes = new Hono<AppEnv>();

eventAdminRoutes.get("/c/:slug/admin/events", async (c) => {
  const admin = await loadAdmin(c, OWNERS_ONLY);
  const { membersCreate, attendancePoints } = await eventSettingsOf(c.get("deps").db, admin.community.id);
  return c.html(
    page(
      <AdminLayout community={admin.community} role={admin.role} title="Events" current="events" flash={flashFor(c, { saved: "Events settings saved." })}>
        <p>
          <a href={eventsBase(admin.community)}>See and create events</a>
        </p>
        <form method="post" action={`/c/${admin.community.slug}/admin/events`}>
          <RadioGroup
            id="membersCreate"
            name="membersCreate"
            label="Who may create events"
            value={membersCreate ? "yes" : "no"}
            hint="Staff always can. Members who host see the address or link of their own events, and mark who came."
            options={[
              { value: "no", label: "Staff only" },
              { value: "yes", label: "Members too" },
            ]}
          />
          <TextField
            id="attendancePoints"
            name="attendancePoints"
            label="Points for attending an event"
            type="number"
            inputmode="numeric"
            value={attendancePoints}
            hint={`Added toward the member's level when the host marks them as having come (0 to ${MAX_ATTENDANCE_POINTS}; 0 gives none). Unmarking takes them back.`}
          />
          <button type="submit" class="btn">
            Save
          </button>
        </form>
      </AdminLayout>,
    ),
  );
});

eventAdminRoutes.post("/c/:slug/admin/events", async (c) => {
  const admin = await loadAdmin(c, OWNERS_ONLY);
  const form = await readForm(c);
  const choice = formText(form, "membersCreate");
  const current = await eventSettingsOf(c.get("deps").db, admin.community.id);
  // A form without the field (an older page) keeps the points as they are.
  const points = "attendancePoints" in form ? formText(form, "attendancePoints").trim() : String(current.attendancePoints);
  const issues = [];
  if (choice !== "yes" && choice !== "no") issues.push({ field: "membersCreate", message: "Choose staff only or members too" });
  if (!/^\d{1,3}$/.test(points) || Number(points) > MAX_ATTENDANCE_POINTS) issues.push({ field: "attendancePoints", message: `A whole number from 0 to ${MAX_ATTENDANCE_POINTS}` });
  if (issues.length) throw AppError.validation(issues);
  await saveEventSettings(c.get("deps"), admin.community.id, { membersCreate: choice === "yes", attendancePoints: Number(points) });
  return c.redirect(`/c/${admin.community.slug}/admin/events?done=saved`, 303);
});
