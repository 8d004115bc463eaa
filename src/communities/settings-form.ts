import type { Community } from "../../drizzle";
import { formatMajorAmount, formText, parseMajorAmount, validate, type FieldErrors, type FormBody, type Parsed } from "./forms";
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
  };
}

/** Form values -> a validated patch. The fee is read in the submitted currency when that is valid. */
export function parseSettings(values: SettingsValues, community: Community): Parsed<CommunityUpdate> {
  const formErrors: FieldErrors = {};
  const currency = (CURRENCIES as readonly string[]).includes(values.currency) ? values.currency : community.currency;
  const fee = parseMajorAmount(values.fee, currency);
  if ("error" in fee) formErrors.fee = fee.error;
  const input = {
    name: values.name,
    tagline: values.tagline,
    description: values.description,
    rules: values.rules,
    ...("amount" in fee ? { feeAmount: fee.amount } : {}),
    currency: values.currency,
    feePolicy: values.feePolicy,
  };
  return validate(communityUpdateSchema, input, formErrors, { feeAmount: "fee" });
}
