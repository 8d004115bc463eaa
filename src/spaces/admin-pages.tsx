import type { Community, Space, Tier } from "../../drizzle";
import { LevelSelect } from "../honours/level-select";
import type { StaffAccess } from "../auth/roles";
import { AdminLayout, ErrorSummary } from "../communities/admin-layout";
import { SelectField, TextArea, TextField } from "../communities/fields";
import type { FieldErrors } from "../communities/forms";
import { ruleLabel, ruleOptions, SPACE_LABELS, type SpaceFormValues } from "./admin-form";

/** The owner's space admin: the list in order, the new and edit forms, archive and restore. */

export const spacesAdminBase = (community: Pick<Community, "slug">) => `/c/${community.slug}/admin/spaces`;

export function SpacesAdminPage({ community, role, spaces, tiers, flash }: { community: Community; role: StaffAccess; spaces: Space[]; tiers: Tier[]; flash?: string | null }) {
  const base = spacesAdminBase(community);
  return (
    <AdminLayout community={community} role={role} title="Spaces" current="spaces" flash={flash}>
      <h1>Spaces</h1>
      <p class="lead">The rooms of your community, each with its own topic and who may read and post in it.</p>
      <div class="actions">
        <a href={`${base}/new`} class="btn">
          New space
        </a>
      </div>
      {spaces.length ? (
        <div class="table-scroll">
          <table class="stack">
            <thead>
              <tr>
                <th scope="col">Order</th>
                <th scope="col">Space</th>
                <th scope="col">Who may read</th>
                <th scope="col">Who may post</th>
                <th scope="col">Threads</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {spaces.map((s) => (
                <tr>
                  <td data-label="Order">{s.position}</td>
                  <td data-label="Space">
                    {s.emoji ? <span aria-hidden="true">{s.emoji} </span> : null}
                    <a href={`/c/${community.slug}/s/${s.slug}`}>{s.name}</a> {s.archivedAt ? <span class="badge">Archived</span> : null}
                  </td>
                  <td data-label="Who may read">{ruleLabel(tiers, s.readKind, s.readMinRank, s.readTierId)}</td>
                  <td data-label="Who may post">{ruleLabel(tiers, s.postKind, s.postMinRank, s.postTierId)}</td>
                  <td data-label="Threads">{s.threadCount}</td>
                  <td data-label="Actions">
                    <a href={`${base}/${s.id}`}>Edit {s.name}</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="muted">No spaces yet. Start with one where members ask questions, and one for announcements.</p>
      )}
    </AdminLayout>
  );
}

export interface SpaceFormPageProps {
  community: Community;
  role: StaffAccess;
  tiers: Tier[];
  values: SpaceFormValues;
  errors?: FieldErrors;
  space?: Space;
  flash?: string | null;
}

export function SpaceFormPage({ community, role, tiers, values, errors = {}, space, flash }: SpaceFormPageProps) {
  const base = spacesAdminBase(community);
  const rules = ruleOptions(tiers);
  return (
    <AdminLayout community={community} role={role} title={space ? `Edit ${space.name}` : "New space"} current="spaces" flash={flash}>
      <p class="muted">
        <a href={base}>← Spaces</a>
      </p>
      <h1>{space ? `Edit ${space.name}` : "New space"}</h1>
      <ErrorSummary errors={errors} labels={SPACE_LABELS} />
      <form method="post" action={space ? `${base}/${space.id}` : `${base}/new`} class="card">
        <TextField id="name" name="name" label="Name" value={values.name} error={errors.name} required maxlength={60} />
        <TextField id="slug" name="slug" label="Address" hint={`Lower-case letters, digits and dashes: /c/${community.slug}/s/…`} value={values.slug} error={errors.slug} required maxlength={40} />
        <TextArea id="description" name="description" label="Description" value={values.description} error={errors.description} rows={3} maxlength={300} />
        <TextField id="emoji" name="emoji" label="Emoji" hint="One emoji or a short symbol, shown before the name." value={values.emoji} error={errors.emoji} maxlength={16} />
        <TextField id="position" name="position" label="Order" hint="Lower numbers come first." type="number" inputmode="numeric" value={values.position} error={errors.position} />
        <SelectField id="read" name="read" label="Who may read" value={values.read} options={rules} error={errors.read} />
        <LevelSelect id="readLevel" label="Minimum level to read" value={values.readLevel} error={errors.readLevel} />
        <SelectField id="post" name="post" label="Who may post" hint="Only people who may read can post." value={values.post} options={rules} error={errors.post} />
        <div class="actions">
          <button class="btn" type="submit">
            {space ? "Save space" : "Create space"}
          </button>
        </div>
      </form>
      {space ? (
        <form method="post" action={`${base}/${space.id}/archive`} class="card">
          <h2>{space.archivedAt ? "Restore" : "Archive"}</h2>
          <p>{space.archivedAt ? "Members who may read it see it again." : "Members stop seeing the space and its threads at once. Nothing is deleted; you can restore it."}</p>
          <input type="hidden" name="archived" value={space.archivedAt ? "0" : "1"} />
          <button class={space.archivedAt ? "btn secondary" : "btn danger"} type="submit">
            {space.archivedAt ? "Restore space" : "Archive space"}
          </button>
        </form>
      ) : null}
    </AdminLayout>
  );
}
