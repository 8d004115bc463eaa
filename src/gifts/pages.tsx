import type { Community, Gift, Tier } from "../../drizzle";
import type { FieldIssue } from "../lib/errors";
import { formatDate, formatMoney } from "../ui/format";
import { Layout, page } from "../ui/layout";
import { giftStateText } from "./lifecycle";
import { GIFT_REFUND_RULE, MAX_GIFT_MONTHS_TEXT } from "./copy";

export interface GiftFormProps {
  community: Community;
  tiers: { tier: Tier; monthly: number }[];
  values?: Record<string, string>;
  issues?: FieldIssue[];
  formError?: string;
  /** The signed-in buyer's address, filled in for them. */
  buyerEmail?: string | null;
}

const LABELS: Record<string, string> = {
  tierId: "Tier",
  months: "Months",
  recipientName: "Their name",
  recipientEmail: "Their email",
  buyerEmail: "Your email",
  message: "A message for them (optional)",
};

export function renderGiftForm({ community, tiers, values = {}, issues = [], formError, buyerEmail }: GiftFormProps): string {
  const errors = new Map(issues.map((i) => [i.field, i.message]));
  const v = (k: string, fallback = "") => values[k] ?? fallback;
  const field = (name: string, input: unknown, hint?: string) => (
    <div class={errors.has(name) ? "field invalid" : "field"}>
      <label for={name}>{LABELS[name]}</label>
      {hint ? <p class="hint" id={`${name}-help`}>{hint}</p> : null}
      {errors.has(name) ? <p class="error" id={`${name}-error`}>{errors.get(name)}</p> : null}
      {input}
    </div>
  );
  const described = (name: string) => [errors.has(name) ? `${name}-error` : ""].filter(Boolean).join(" ") || undefined;
  return page(
    <Layout title={`Give ${community.name} as a gift`} narrow>
      <p class="muted">
        <a href={`/c/${community.slug}`}>{community.name}</a> · gift
      </p>
      <h1>Give {community.name} as a gift</h1>
      <p>
        Pay once for 1 to {MAX_GIFT_MONTHS_TEXT} months of a tier for someone you name. They still apply and are reviewed like everyone else; if they are approved, they join without paying until
        the gift ends, and are then asked whether to subscribe.
      </p>
      <p class="trust">{GIFT_REFUND_RULE}</p>
      {issues.length || formError ? (
        <div class="notice bad" role="alert" id="form-errors" tabindex={-1} autofocus>
          <strong>{formError ?? (issues.length === 1 ? "One thing needs attention" : `${issues.length} things need attention`)}</strong>
          <ul>
            {issues.map((i) => (
              <li>
                <a href={`#${i.field}`}>{LABELS[i.field] ?? i.field}</a>: {i.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {tiers.length ? (
        <form method="post" action={`/c/${community.slug}/gift`} class="card" novalidate>
          {field(
            "tierId",
            <select id="tierId" name="tierId" aria-describedby={described("tierId")}>
              {tiers.map(({ tier, monthly }) => (
                <option value={tier.id} selected={v("tierId") === tier.id}>
                  {tier.name}: {formatMoney(monthly, tier.currency)} a month
                </option>
              ))}
            </select>,
          )}
          {field(
            "months",
            <input type="number" id="months" name="months" min={1} max={12} required value={v("months", "3")} aria-describedby={described("months") ? `months-help ${described("months")}` : "months-help"} />,
            "You pay the tier's monthly price for each month, once.",
          )}
          {field("recipientName", <input type="text" id="recipientName" name="recipientName" maxlength={100} required value={v("recipientName")} aria-describedby={described("recipientName")} />)}
          {field(
            "recipientEmail",
            <input type="email" id="recipientEmail" name="recipientEmail" maxlength={254} required value={v("recipientEmail")} aria-describedby={described("recipientEmail") ? `recipientEmail-help ${described("recipientEmail")}` : "recipientEmail-help"} />,
            "They apply with this address; we email them about the gift.",
          )}
          {field("buyerEmail", <input type="email" id="buyerEmail" name="buyerEmail" autocomplete="email" maxlength={254} required value={v("buyerEmail", buyerEmail ?? "")} aria-describedby={described("buyerEmail")} />)}
          {field("message", <textarea id="message" name="message" maxlength={500} rows={3} aria-describedby={described("message")}>{v("message")}</textarea>)}
          <div class="actions">
            <button class="btn" type="submit">
              Continue to payment
            </button>
          </div>
        </form>
      ) : (
        <p>{community.name} has no public tier with a monthly price to give right now.</p>
      )}
    </Layout>,
  );
}

export function renderGiftStatus({ gift, community, tierName, notice }: { gift: Gift; community: Community; tierName: string; notice?: string }): string {
  const months = `${gift.months} ${gift.months === 1 ? "month" : "months"}`;
  return page(
    <Layout title={`Your gift to ${gift.recipientName}`} narrow>
      <p class="muted">
        Gift for <a href={`/c/${community.slug}`}>{community.name}</a>
      </p>
      <h1>Your gift to {gift.recipientName}</h1>
      {notice ? <div class="notice ok" role="status">{notice}</div> : null}
      <section class="card" aria-labelledby="gift-h">
        <h2 id="gift-h">
          {months} of {tierName}
        </h2>
        <p>
          Status: <strong data-gift-status={gift.status}>{gift.status}</strong>
        </p>
        <p>{giftStateText(gift)}</p>
        <p class="muted">
          {formatMoney(gift.amount, gift.currency)}
          {gift.paidAt ? `, paid on ${formatDate(gift.paidAt)}` : ""}. For {gift.recipientEmail}.
        </p>
        <p class="trust">{GIFT_REFUND_RULE}</p>
        {gift.status === "paid" ? (
          <form method="post" action={`/gifts/${gift.token}/refund`}>
            <button class="btn secondary" type="submit">
              Refund this gift ({formatMoney(gift.amount, gift.currency)})
            </button>
          </form>
        ) : null}
      </section>
      <p class="trust">Keep this page's link private: anyone with it can refund the gift before it starts.</p>
    </Layout>,
  );
}
