import type { Context } from "hono";
import type { Community, ReferralProgram } from "../../drizzle";
import type { AppEnv } from "../app-env";
import type { TierOffer } from "../experiments/pricing";
import { AppError } from "../lib/errors";
import { displayNames } from "../profiles/names";
import { discounted, describeDiscount, type DiscountedPrice } from "../promotions/pricing";
import { readEnteredCode } from "../promotions/schemas";
import { formatMoney } from "../ui/format";
import { feeOfferFor, type FeeOffer } from "./attribution";
import { arrivedThrough, forgetLink } from "./links";
import { programOf, referralPrice } from "./program";

/** What the landing page offers this visitor beyond the list prices. */
export interface LandingOffers {
  /** The fee they will be charged (with a referral offer on the fee). */
  fee: DiscountedPrice;
  referral: { referrerName: string; program: ReferralProgram } | null;
}

/** Requests whose referral link was just refused (their own): the page shown again ignores it. */
const refusedLink = new WeakSet<Context>();

/** The visitor's referral offer, priced by `referralPrice`, the function that prices the submission. */
export async function landingOffers(c: Context<AppEnv>, community: Community, listFee: number): Promise<LandingOffers> {
  const none = { fee: discounted(null, listFee), referral: null };
  if (refusedLink.has(c)) return none;
  const link = await arrivedThrough(c, community);
  if (!link) return none;
  const db = c.get("deps").db;
  const [program, names] = await Promise.all([programOf(db, community.id), displayNames(db, community, [link.email])]);
  const shown = program?.active ? { referrerName: names.get(link.email)?.name ?? "A member", program } : null;
  return { fee: referralPrice(program, "fee", listFee), referral: shown };
}

/**
 * The offer behind a submission: the visitor's referral link and the code they typed (null when
 * neither). A refused link (their own, or a loop) is forgotten, so the page shown again with the
 * reason prices without it.
 */
export async function submissionOffer(c: Context<AppEnv>, community: Community, listFee: number, rawCode: unknown, email: string): Promise<FeeOffer | null> {
  const code = readEnteredCode(rawCode);
  const link = await arrivedThrough(c, community);
  if (!link && !code) return null;
  try {
    return await feeOfferFor(c.get("deps"), community, { listFee, link, code, email });
  } catch (err) {
    if (err instanceof AppError && err.details?.some((d) => d.field === "referral")) {
      forgetLink(c);
      refusedLink.add(c);
    }
    throw err;
  }
}

export function ReferralNotice({ offers, community, listFee }: { offers: LandingOffers; community: Community; listFee: number }) {
  if (!offers.referral) return null;
  const { referrerName, program } = offers.referral;
  const money = (n: number) => formatMoney(n, community.currency);
  const terms = program.refereePercentOff != null || program.refereeAmountOff != null ? describeDiscount({ percentOff: program.refereePercentOff, amountOff: program.refereeAmountOff }, money) : null;
  return (
    <div class="notice ok" role="status" id="referral-offer">
      <p>
        <strong>{referrerName} invited you.</strong>{" "}
        {terms && program.refereeTarget === "fee" && offers.fee.discountAmount > 0
          ? `Your application fee is ${terms}: you pay ${money(offers.fee.amount)} instead of ${money(listFee)}.`
          : terms && program.refereeTarget === "first_month"
            ? `Once you are approved, your first month is ${terms}.`
            : "You still apply and are reviewed like everyone else."}
      </p>
    </div>
  );
}

export function PromotionCodeField({ value, error }: { value: string; error?: string }) {
  return (
    <div class={error ? "field invalid" : "field"}>
      <label for="promotion_code">Promotion code (optional)</label>
      <p class="hint" id="promotion_code-help">One discount per application: the larger of a code and an invitation offer applies.</p>
      {error ? <p class="error" id="promotion_code-error">{error}</p> : null}
      <input type="text" id="promotion_code" name="promotion_code" maxlength={32} autocomplete="off" value={value} aria-describedby={error ? "promotion_code-help promotion_code-error" : "promotion_code-help"} />
    </div>
  );
}

/** What paying yearly saves against twelve monthly payments, when a tier has both prices. */
export function yearlySaving(offer: TierOffer): number {
  if (!offer.month || !offer.year || offer.month.currency !== offer.year.currency) return 0;
  return Math.max(0, offer.month.amount * 12 - offer.year.amount);
}

export function YearlySaving({ offer }: { offer: TierOffer }) {
  const saving = yearlySaving(offer);
  return saving > 0 ? <p class="saving">{`Save ${formatMoney(saving, offer.year!.currency)} a year by paying yearly`}</p> : null;
}
