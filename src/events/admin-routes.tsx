import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { AdminLayout } from "../communities/admin-layout";
import { flashFor, loadAdmin, OWNERS_ONLY } from "../communities/admin-context";
import { RadioGroup } from "../communities/fields";
import { AppError } from "../lib/errors";
import { formText, readForm } from "../communities/forms";
import { page } from "../ui/layout";
import { eventsBase } from "./list-page";
import { membersCreateEvents, setMembersCreateEvents } from "./service";

/** The owner's events setting: whether members, not only staff, may create events. */
export const eventAdminRoutes = new Hono<AppEnv>();

eventAdminRoutes.get("/c/:slug/admin/events", async (c) => {
  const admin = await loadAdmin(c, OWNERS_ONLY);
  const membersCreate = await membersCreateEvents(c.get("deps").db, admin.community.id);
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
  const choice = formText(await readForm(c), "membersCreate");
  if (choice !== "yes" && choice !== "no") throw AppError.validation([{ field: "membersCreate", message: "Choose staff only or members too" }]);
  await setMembersCreateEvents(c.get("deps"), admin.community.id, choice === "yes");
  return c.redirect(`/c/${admin.community.slug}/admin/events?done=saved`, 303);
});
