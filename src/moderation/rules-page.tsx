import type { Community } from "../../drizzle";
import type { StaffAccess } from "../auth/roles";
import { AdminLayout, ErrorSummary } from "../communities/admin-layout";
import { TextField } from "../communities/fields";
import type { FieldErrors } from "../communities/forms";

/** The owner's rules for new members and posting, beside the moderation queue. */

export interface RulesPageProps {
  community: Community;
  role: StaffAccess;
  values: Record<RuleField, string>;
  errors?: FieldErrors;
  flash?: string | null;
}

export type RuleField = "holdFirstPosts" | "holdLinksDays" | "postsPerHour" | "editMinutes";

export const RULE_LABELS: Record<RuleField, string> = {
  holdFirstPosts: "Hold a new member's first posts",
  holdLinksDays: "Hold posts with links from members younger than (days)",
  postsPerHour: "Posts and replies per member and hour",
  editMinutes: "Authors may edit for (minutes)",
};

const HINTS: Record<RuleField, string> = {
  holdFirstPosts: "0 to 20. Their first posts and replies wait in the moderation queue; 0 holds none.",
  holdLinksDays: "0 to 90 days since joining. 0 holds none.",
  postsPerHour: "1 to 200. Staff are not limited.",
  editMinutes: "0 to 1440 (a day). 0: posts cannot be edited.",
};

export function RulesPage({ community, role, values, errors = {}, flash }: RulesPageProps) {
  return (
    <AdminLayout community={community} role={role} title="Moderation rules" current="moderation" flash={flash}>
      <p class="muted">
        <a href={`/c/${community.slug}/admin/moderation`}>Moderation queue</a>
      </p>
      <h1>Moderation rules</h1>
      <p class="lead">These apply to members' posts and replies in every space of {community.name}, from their next post on.</p>
      <form method="post" action={`/c/${community.slug}/admin/moderation/rules`} novalidate class="card">
        <ErrorSummary errors={errors} labels={RULE_LABELS} />
        {(Object.keys(RULE_LABELS) as RuleField[]).map((field) => (
          <TextField id={`rule-${field}`} name={field} label={RULE_LABELS[field]} hint={HINTS[field]} value={values[field]} error={errors[field]} inputmode="numeric" maxlength={5} />
        ))}
        <div class="actions">
          <button type="submit" class="btn">
            Save rules
          </button>
        </div>
      </form>
    </AdminLayout>
  );
}
