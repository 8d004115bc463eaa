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
  hostName: string;
  termsUrl: string;
  privacyUrl: string;
  contactEmail: string;
  reviewDays: string;
}

export const SETTINGS_LABELS: Record<string, string> = {
  name: "Name",
  tagline: "Tagline",
  description: "Description",
  rules: "Rules",
  fee: "Application fee",
  currency: "Currency",
  feePolicy: "Fee policy",
  hostName: "Hosted by",
  termsUrl: "Terms of membership",
  privacyUrl: "Privacy policy",
  contactEmail: "Contact email",
  reviewDays: "Usual review time",
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
        <h2>What applicants are told</h2>
        <TextField id="hostName" name="hostName" label="Hosted by" value={values.hostName} error={errors.hostName} maxlength={120} hint="The people or organisation behind the community, shown on the landing page." />
        <TextField
          id="reviewDays"
          name="reviewDays"
          label="Usual review time"
          value={values.reviewDays}
          error={errors.reviewDays}
          inputmode="numeric"
          hint="In days, like 3. The landing page says decisions usually take this long. Leave empty to say nothing."
        />
        <TextField id="termsUrl" name="termsUrl" label="Terms of membership" type="url" value={values.termsUrl} error={errors.termsUrl} hint="A link, starting with https://" />
        <TextField id="privacyUrl" name="privacyUrl" label="Privacy policy" type="url" value={values.privacyUrl} error={errors.privacyUrl} hint="A link, starting with https://" />
        <TextField id="contactEmail" name="contactEmail" label="Contact email" type="email" value={values.contactEmail} error={errors.contactEmail} hint="Where applicants can write with questions." />
        <div class="actions">
          <button type="submit" class="btn">
            Save settings
          </button>
        </div>
      </form>
    </AdminLayout>
  );
}
