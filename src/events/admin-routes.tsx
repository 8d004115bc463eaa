import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { AdminLayout } from "../communities/admin-layout";
import { flashFor, loadAdmin, OWNERS_ONLY } from "../communities/admin-context";
import { Checkbox } from "../communities/fields";
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
          <Checkbox id="membersCreate" name="membersCreate" label="Members may create events (staff always can)" checked={membersCreate} hint="Members host their own meetups; they see the address or link of events they host, and mark who came." />
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
  await setMembersCreateEvents(c.get("deps"), admin.community.id, formText(await readForm(c), "membersCreate") === "on");
  return c.redirect(`/c/${admin.community.slug}/admin/events?done=saved`, 303);
});
