import * as z from "zod/mini";
import "../lib/zod-messages";
import { MEMBERSHIP_STATUSES } from "../../drizzle";
import { MAX_REASON } from "./guards";
// Object schemas are built on first use (z.lazy), not while a new isolate starts: README, "Cold start".

/** The member action forms, validated at the edge; the service checks the reason again. */

const reason = z.lazy(() =>
  z.string().check(z.trim(), z.minLength(1, "Give a reason for this action"), z.maxLength(MAX_REASON, `Keep the reason under ${MAX_REASON} characters`)),
);
const tierId = z.lazy(() =>
  z.string().check(z.trim(), z.minLength(1, "Choose a tier"), z.maxLength(64, "Choose one of the tiers")),
);

export const reasonOnlySchema = z.lazy(() =>
  z.object({ reason }),
);
export const moveSchema = z.lazy(() =>
  z.object({ tierId, mode: z.enum(["comped", "paid"], { error: "Choose comped or paid" }), reason }),
);
export const removeSchema = z.lazy(() =>
  z.object({ refund: z.boolean(), reason }),
);
export const compSchema = z.lazy(() =>
  z.object({
    email: z.pipe(z.string().check(z.trim(), z.toLowerCase()), z.email("Enter an email address like name@example.com")),
    tierId,
    reason,
  }),
);

/** Filters of the member list, from the address bar; bad values are dropped, not fatal. */
export const memberFiltersSchema = z.lazy(() =>
  z.object({
    tier: z.catch(z.string().check(z.trim(), z.maxLength(64)), ""),
    status: z.catch(z.enum(["", ...MEMBERSHIP_STATUSES]), ""),
    q: z.catch(z.string().check(z.trim(), z.maxLength(100)), ""),
    cursor: z.catch(z.string().check(z.maxLength(100)), ""),
  }),
);
export type MemberFilters = z.infer<typeof memberFiltersSchema>;

/**
 * An export's filters (the member list's tier and status), from the form or the API: empty means
 * every tier or status; anything else must be a tier id or a membership status, or it is a 400.
 */
export const exportFiltersSchema = z.lazy(() =>
  z.strictObject({
    tierId: z.optional(z.string().check(z.trim(), z.maxLength(64, "Choose one of the tiers"))),
    status: z.optional(z.enum(["", ...MEMBERSHIP_STATUSES], { error: `Choose one of: ${MEMBERSHIP_STATUSES.join(", ")}` })),
  }),
);

/** What each form's fields are called on the page, for the error summary. */
export const FIELD_LABELS: Record<string, string> = { reason: "Reason", tierId: "Tier", mode: "How they pay", email: "Email", refund: "Refund", status: "Status" };
