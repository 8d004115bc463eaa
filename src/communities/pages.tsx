import type { Community } from "../../drizzle";
import type { StaffAccess } from "../auth/roles";
import { AdminLayout, ErrorSummary } from "./admin-layout";
import { FEE_POLICY_OPTIONS } from "./fee-policy";
import { RadioGroup, SelectField, TextArea, TextField } from "./fields";
import type { FieldErrors } from "./forms";
import { CURRENCIES } from "./schemas";

/** The settings form as typed: the fee stays text ("25.00") until it validates. */
export interface SettingsValues {
  name: string;
  tagline: string;
  description: string;
  rules: string;
  fee: string;
  currency: string;
  feePolicy: string;
}

export const SETTINGS_LABELS: Record<string, string> = {
  name: "Name",
  tagline: "Tagline",
  description: "Description",
  rules: "Rules",
  fee: "Application fee",
  currency: "Currency",
  feePolicy: "Fee policy",
};

export const CURRENCY_OPTIONS = CURRENCIES.map((c) => ({ value: c, label: c.toUpperCase() }));

export interface SettingsPageProps {
  community: Community;
  role: StaffAccess;
  values: SettingsValues;
  errors?: FieldErrors;
  flash?: string | null;
}

export function SettingsPage({ community, role, values, errors = {}, flash }: SettingsPageProps) {
  const landing = `/c/${community.slug}`;
  return (
    <AdminLayout community={community} role={role} title="Settings" current="settings" flash={flash}>
      <h1>Settings</h1>
      <p>
        What applicants see on the landing page.{" "}
        <a href={landing} target="_blank" rel="noopener">
          Preview the landing page ({landing})
        </a>
      </p>
      <ErrorSummary errors={errors} labels={SETTINGS_LABELS} />
      <form method="post" action={`${landing}/admin/settings`} class="card" novalidate>
        <TextField id="name" name="name" label="Name" value={values.name} error={errors.name} maxlength={80} required />
        <TextField id="tagline" name="tagline" label="Tagline" value={values.tagline} error={errors.tagline} hint="One line under the name." />
        <TextArea
          id="description"
          name="description"
          label="Description"
          value={values.description}
          error={errors.description}
          rows={10}
          hint="Markdown: **bold**, *italic*, lists, [links](https://example.com)."
        />
        <TextArea id="rules" name="rules" label="Rules" value={values.rules} error={errors.rules} rows={8} hint="Markdown. Applicants must accept these to apply." />
        <h2>Application fee</h2>
        <p class="hint">Changes apply to new applications; people who already applied keep the fee and policy they were shown.</p>
        <TextField
          id="fee"
          name="fee"
          label="Application fee"
          value={values.fee}
          error={errors.fee}
          inputmode="decimal"
          hint="In the currency's main unit, like 25.00. Enter 0 for no fee."
        />
        <SelectField id="currency" name="currency" label="Currency" value={values.currency} error={errors.currency} options={CURRENCY_OPTIONS} />
        <RadioGroup id="feePolicy" name="feePolicy" label="Fee policy" value={values.feePolicy} error={errors.feePolicy} options={FEE_POLICY_OPTIONS} />
        <div class="actions">
          <button type="submit" class="btn">
            Save settings
          </button>
        </div>
      </form>
    </AdminLayout>
  );
}
