import type { Community } from "../../drizzle";
import type { StaffAccess } from "../auth/roles";
import { AdminLayout, ErrorSummary } from "../communities/admin-layout";
import { SelectField } from "../communities/fields";
import type { PeopleSettings } from "./visibility";

/** The owner's directory settings: who sees people, and the introductions space. */
export function PeopleSettingsPage(props: {
  community: Community;
  role: StaffAccess;
  settings: PeopleSettings;
  tiers: { id: string; name: string; rank: number }[];
  spaces: { id: string; name: string }[];
  errors: Record<string, string>;
  flash: string | null;
}) {
  const { community, role, settings, tiers, spaces, errors, flash } = props;
  return (
    <AdminLayout community={community} role={role} title="People" current="people" flash={flash}>
      <h1>People</h1>
      <p class="lead">
        Members build their profiles from the answers you put on profiles (under <a href={`/c/${community.slug}/admin/questions`}>Questions</a>); each member chooses
        which of their answers to show. Email addresses, fees, notes and unshown answers never appear.
      </p>
      <form method="post" action={`/c/${community.slug}/admin/people`} class="card" novalidate>
        <ErrorSummary errors={errors} labels={{ minRank: "Who sees the directory", introSpaceId: "Introductions space" }} />
        <SelectField
          id="minRank"
          name="minRank"
          label="Who sees the directory"
          value={settings.minRank == null ? "" : String(settings.minRank)}
          error={errors.minRank}
          hint="The directory, profile pages and introductions. Staff always see them."
          options={[{ value: "", label: "All members" }, ...tiers.map((t) => ({ value: String(t.rank), label: `${t.name} members and up` }))]}
        />
        <SelectField
          id="introSpaceId"
          name="introSpaceId"
          label="Introductions space"
          value={settings.introSpaceId ?? ""}
          error={errors.introSpaceId}
          hint="A new member's first post there starts drafted from their profile, for them to edit."
          options={[{ value: "", label: "None" }, ...spaces.map((s) => ({ value: s.id, label: s.name }))]}
        />
        <div class="actions">
          <button type="submit" class="btn">
            Save settings
          </button>
        </div>
      </form>
    </AdminLayout>
  );
}
