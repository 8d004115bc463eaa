import type { Community } from "../../drizzle";
import { formatMajorAmount, formText, parseMajorAmount, parseOptionalInt, validate, type FieldErrors, type FormBody, type Parsed } from "./forms";
import type { SettingsValues } from "./pages";
import { CURRENCIES, communityUpdateSchema, type CommunityUpdate } from "./schemas";

export function settingsValuesOf(community: Community): SettingsValues {
  return {
    name: community.name,
    tagline: community.tagline,
    description: community.description,
    rules: community.rules,
    fee: formatMajorAmount(community.feeAmount, community.currency),
    currency: community.currency,
    feePolicy: community.feePolicy,
    hostName: community.hostName,
    termsUrl: community.termsUrl,
    privacyUrl: community.privacyUrl,
    contactEmail: community.contactEmail,
    reviewDays: community.reviewDays == null ? "" : String(community.reviewDays),
  };
}

export function readSettingsForm(form: FormBody): SettingsValues {
  return {
    name: formText(form, "name"),
    tagline: formText(form, "tagline"),
    description: formText(form, "description").replace(/\r\n/g, "\n"),
    rules: formText(form, "rules").replace(/\r\n/g, "\n"),
    fee: formText(form, "fee"),
    currency: formText(form, "currency"),
    feePolicy: formText(form, "feePolicy"),
    hostName: formText(form, "hostName"),
    termsUrl: formText(form, "termsUrl").trim(),
    privacyUrl: formText(form, "privacyUrl").trim(),
    contactEmail: formText(form, "contactEmail").trim(),
    reviewDays: formText(form, "reviewDays"),
  };
}

/** Form values -> a validated patch. The fee is read in the submitted currency when that is valid. */
export function parseSettings(values: SettingsValues, community: Community): Parsed<CommunityUpdate> {
  const formErrors: FieldErrors = {};
  const currency = (CURRENCIES as readonly string[]).includes(values.currency) ? values.currency : community.currency;
  const fee = parseMajorAmount(values.fee, currency);
  if ("error" in fee) formErrors.fee = fee.error;
  const reviewDays = parseOptionalInt(values.reviewDays);
  if ("error" in reviewDays) formErrors.reviewDays = reviewDays.error;
  const input = {
    name: values.name,
    tagline: values.tagline,
    description: values.description,
    rules: values.rules,
    ...("amount" in fee ? { feeAmount: fee.amount } : {}),
    currency: values.currency,
    feePolicy: values.feePolicy,
    hostName: values.hostName,
    termsUrl: values.termsUrl,
    privacyUrl: values.privacyUrl,
    contactEmail: values.contactEmail,
    ...("value" in reviewDays ? { reviewDays: reviewDays.value } : {}),
  };
  return validate(communityUpdateSchema, input, formErrors, { feeAmount: "fee" });
}
