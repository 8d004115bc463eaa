import type { Community } from "../../drizzle";
import type { StaffAccess } from "../auth/roles";
import { AdminLayout } from "./admin-layout";
import type { LaunchItem } from "./launch";
import { canManage } from "./admin-context";

export interface LaunchPageProps {
  community: Community;
  role: StaffAccess;
  items: LaunchItem[];
  flash?: string | null;
  /** Set when a publish was refused: the summary is focused so the missing items are read first. */
  refused?: boolean;
}

/** The launch checklist of a draft, with the Publish button; for a live community, its status. */
export function LaunchPage({ community, role, items, flash, refused }: LaunchPageProps) {
  const base = `/c/${community.slug}/admin`;
  const missing = items.filter((i) => !i.done);
  return (
    <AdminLayout community={community} role={role} title="Launch" current="launch" flash={flash}>
      <h1>{community.status === "draft" ? "Launch checklist" : "Published"}</h1>
      {community.status === "draft" ? (
        <p class="lead">
          This community is a draft: only its staff can see it. Applicants can apply once every item below is done and an
          owner publishes it.
        </p>
      ) : (
        <p class="lead">
          This community is live: anyone can see <a href={`/c/${community.slug}`}>its landing page</a> and apply.
        </p>
      )}
      {refused && missing.length ? (
        <div class="notice bad" role="alert" id="launch-errors" tabindex={-1} autofocus>
          <strong>Not published yet: {missing.length === 1 ? "one item is" : `${missing.length} items are`} still open.</strong>
        </div>
      ) : null}
      <ol class="checklist card" aria-label="Launch checklist">
        {items.map((item) => (
          <li class={item.done ? "done" : "todo"}>
            <span class={item.done ? "badge ok" : "badge todo"}>{item.done ? "Done" : "To do"}</span> {item.label}
            {item.done ? null : (
              <>
                {" "}
                · <a href={`${base}/${item.fixPath}`}>Go to {item.fixPath}</a>
              </>
            )}
          </li>
        ))}
      </ol>
      {community.status === "draft" && canManage(role) ? (
        <form method="post" action={`${base}/publish`}>
          <div class="actions">
            <button class="btn" type="submit">
              Publish {community.name}
            </button>
            <a class="btn secondary" href={`/c/${community.slug}`}>
              Preview the landing page
            </a>
          </div>
        </form>
      ) : null}
    </AdminLayout>
  );
}
