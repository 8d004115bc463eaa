import type { Community, Question, Tier } from "../../drizzle";
import type { TierOffer } from "../experiments/pricing";
import type { FieldIssue } from "../lib/errors";
import { formatDate, formatMoney } from "../ui/format";
import { Layout, page } from "../ui/layout";
import { renderMarkdown } from "../ui/markdown";
import { PRICE_SENSITIVITY_FIELDS } from "./answers";
import { fieldName, partId, QuestionField, type FormValues } from "./form-fields";
import type { ViewerRelation } from "./landing";
import { FEE_POLICY_LABEL, feePolicyPromise } from "./policy-text";
import { PromotionCodeField, ReferralNotice, YearlySaving, type LandingOffers } from "../referrals/landing-offer";

export interface LandingProps {
  community: Community;
  questions: Question[];
  /** The public tiers with the prices this visitor would pay. */
  tiers: { tier: Tier; offer: TierOffer }[];
  relation: ViewerRelation;
  /** A referral offer for this visitor; `community.feeAmount` is then the offered fee. */
  offers?: LandingOffers;
  values?: FormValues;
  issues?: FieldIssue[];
  formError?: string;
  /** The community's group offer, when it runs one. */
  groupOffer?: { size: number; groupFee: number; fullFee: number; hours: number };
}

/** Where the application form posts and what its button says (a group's page reuses the form). */
export interface ApplyFormTarget {
  action?: string;
  submitLabel?: string;
}

/** Maps error field names (`answers.<id>`, `answers.<id>.<part>`, `acceptRules`) to the form's field ids. */
function formFieldOf(field: string): string {
  if (field.startsWith("answers.")) {
    const [id, part] = field.slice("answers.".length).split(".");
    return part ? partId({ id: id! }, part) : `q_${id}`;
  }
  if (field === "acceptRules") return "accept_rules";
  return field;
}

/** Members and banned people get a way on instead of the form; everyone else may apply. */
const showsForm = (r: ViewerRelation) => r.kind !== "member" && r.kind !== "banned";

export function renderLanding(props: LandingProps): string {
  const { community, tiers, relation } = props;
  const paid = community.feeAmount > 0;
  return page(
    <Layout title={`Apply to ${community.name}`} description={community.tagline}>
      <p class="muted">
        Membership by application{community.hostName ? ` · Hosted by ${community.hostName}` : ""}
      </p>
      <h1>{community.name}</h1>
      {community.tagline ? <p class="lead">{community.tagline}</p> : null}
      <RelationNotice community={community} relation={relation} />
      {props.offers && showsForm(relation) ? <ReferralNotice offers={props.offers} community={community} listFee={props.offers.fee.listAmount} /> : null}
      {showsForm(relation) ? (
        <p>
          <a class="btn" href="#apply-h">
            Apply
          </a>{" "}
          <span class="muted">{paid ? `${formatMoney(community.feeAmount, community.currency)} application fee` : "Free to apply"}</span>
        </p>
      ) : null}
      <div class="grid">
        <section class="card" aria-labelledby="offer-h" style="grid-column: span 2">
          <h2 id="offer-h">What you get</h2>
          <div class="prose" dangerouslySetInnerHTML={{ __html: renderMarkdown(community.description) }} />
        </section>
        <FeeBox community={community} />
      </div>
      {showsForm(relation) && props.groupOffer ? <GroupOfferCard community={community} offer={props.groupOffer} /> : null}
      {tiers.length ? <TierList tiers={tiers} /> : null}
      {tiers.length ? (
        <p>
          <a href={`/c/${community.slug}/gift`}>Give a membership as a gift</a>
        </p>
      ) : null}
      <section class="card" aria-labelledby="rules-h">
        <h2 id="rules-h">Community rules</h2>
        <div class="prose" dangerouslySetInnerHTML={{ __html: renderMarkdown(community.rules) }} />
      </section>
      {showsForm(relation) ? <ApplyForm {...props} /> : null}
      <OwnerLinks community={community} />
    </Layout>,
  );
}

function GroupOfferCard({ community, offer }: { community: Community; offer: NonNullable<LandingProps["groupOffer"]> }) {
  return (
    <section class="card" aria-labelledby="group-offer-h">
      <h2 id="group-offer-h">Apply with friends</h2>
      <p>
        Apply as a group of {offer.size}: each of you pays {formatMoney(offer.groupFee, community.currency)} instead of {formatMoney(offer.fullFee, community.currency)} if the group fills within{" "}
        {offer.hours} hours. Everyone is still reviewed on their own.
      </p>
      <p>
        <a class="btn secondary" href={`/c/${community.slug}/group`}>
          Start a group
        </a>
      </p>
    </section>
  );
}

function FeeBox({ community }: { community: Community }) {
  const paid = community.feeAmount > 0;
  return (
    <aside class="card" aria-labelledby="fee-h">
      <h2 id="fee-h">Application fee</h2>
      <p class="fee">{paid ? formatMoney(community.feeAmount, community.currency) : "Free"}</p>
      {/* Two short lines rather than "one-time · policy": a separator left dangling when the box wraps. */}
      {paid ? (
        <ul class="fee-terms">
          <li>One-time</li>
          <li>{FEE_POLICY_LABEL[community.feePolicy]}</li>
        </ul>
      ) : null}
      <p>{paid ? feePolicyPromise(community.feePolicy, community.feeAmount, community.currency) : "Applying is free."}</p>
      <h3>What happens next</h3>
      <ol class="steps">
        <li>Answer the questions below and accept the rules.</li>
        {paid ? <li>Pay the fee on Stripe's secure checkout.</li> : null}
        <li>
          The team reviews your application
          {community.reviewDays ? `, usually within ${community.reviewDays} ${community.reviewDays === 1 ? "day" : "days"}` : ""}.
        </li>
        <li>You get the decision by email, with a link to follow along at any time.</li>
      </ol>
      {paid ? <p class="trust">Secure payment: card details go to Stripe; Threshold never sees them.</p> : null}
    </aside>
  );
}

function TierList({ tiers }: { tiers: LandingProps["tiers"] }) {
  return (
    <section aria-labelledby="tiers-h">
      <h2 id="tiers-h">Membership, once you are approved</h2>
      <p class="muted">Approved applicants choose one of these tiers. The application fee is separate.</p>
      <ul class="tiers">
        {tiers.map(({ tier, offer }) => (
          <li class="card">
            <h3>{tier.name}</h3>
            {offer.month ? (
              <p class="price">
                {formatMoney(offer.month.amount, offer.month.currency)} <small>per month</small>
              </p>
            ) : null}
            {offer.year ? (
              <p class={offer.month ? "muted" : "price"}>
                {formatMoney(offer.year.amount, offer.year.currency)} {offer.month ? "per year" : <small>per year</small>}
              </p>
            ) : null}
            <YearlySaving offer={offer} />
            {tier.trialDays > 0 ? <p class="muted">{tier.trialDays}-day free trial</p> : null}
            {tier.capacity != null ? <p class="muted">Limited to {tier.capacity} members</p> : null}
            {tier.perks.length ? (
              <ul>
                {tier.perks.map((p) => (
                  <li>{p}</li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function RelationNotice({ community, relation }: { community: Community; relation: ViewerRelation }) {
  const slug = community.slug;
  switch (relation.kind) {
    case "staff":
      return (
        <div class="notice" role="status">
          {community.status === "draft" ? <strong>Draft: only staff can see this page. </strong> : null}
          You help run this community. <a href={`/c/${slug}/admin`}>Open the admin</a>
          {community.status === "draft" ? (
            <>
              {" "}
              or <a href={`/c/${slug}/admin/launch`}>finish the launch checklist</a>
            </>
          ) : null}
          .
        </div>
      );
    case "member":
      return (
        <div class="notice ok" role="status">
          <p>You are a member of {community.name}.</p>
          <p>
            <a class="btn" href={`/c/${slug}/home`}>
              Go to your member home
            </a>
          </p>
        </div>
      );
    case "banned":
      return (
        <div class="notice bad" role="status">
          The team removed you from {community.name} on {formatDate(relation.at)} and you cannot apply again. If you think
          this is a mistake, {community.contactEmail ? <a href={`mailto:${community.contactEmail}`}>write to the team</a> : "reply to the email you received"}.
        </div>
      );
    case "removed":
      return (
        <div class="notice warn" role="status">
          <p>
            Your membership ended{relation.at ? ` on ${formatDate(relation.at)}` : ""}: the team removed you, so you no longer have access to
            members' content.
          </p>
          {relation.reason ? <p>Their reason: {relation.reason}</p> : null}
          <p>You may apply again below.</p>
        </div>
      );
    default:
      return null;
  }
}

function OwnerLinks({ community }: { community: Community }) {
  const links = [
    community.termsUrl ? { href: community.termsUrl, label: "Terms of membership" } : null,
    community.privacyUrl ? { href: community.privacyUrl, label: "Privacy policy" } : null,
    community.contactEmail ? { href: `mailto:${community.contactEmail}`, label: `Contact: ${community.contactEmail}` } : null,
  ].filter((l) => l != null);
  if (!links.length) return null;
  return (
    <nav aria-label={`About ${community.name}`} class="actions">
      {links.map((l) => (
        <a href={l.href} rel="noopener">
          {l.label}
        </a>
      ))}
    </nav>
  );
}

export function ApplyForm({ community, questions, offers, values = {}, issues = [], formError, action, submitLabel }: Pick<LandingProps, "community" | "questions" | "offers" | "values" | "issues" | "formError"> & ApplyFormTarget) {
  const errors = new Map(issues.map((i) => [formFieldOf(i.field), i.message]));
  const fee = formatMoney(community.feeAmount, community.currency);
  const paid = community.feeAmount > 0;
  const text = (k: string) => (typeof values[k] === "string" ? (values[k] as string) : "");
  return (
    <section class="card" aria-labelledby="apply-h">
      <h2 id="apply-h">Apply</h2>
      {issues.length || formError ? (
        // Focused on load (no script needed): the first thing a keyboard or screen-reader user meets is what to fix.
        <div class="notice bad" role="alert" id="form-errors" tabindex={-1} autofocus>
          <strong>{formError ?? (issues.length === 1 ? "One thing needs attention" : `${issues.length} things need attention`)}</strong>
          {issues.length ? (
            <ul>
              {issues.map((i) => (
                <li>
                  <a href={`#${formFieldOf(i.field)}`}>{labelFor(i.field, questions)}</a>: {i.message}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <form method="post" action={action ?? `/c/${community.slug}/apply`} novalidate>
        {/* The fee this page showed before any referral or code: a submission charges it or nothing (src/applications/routes.tsx). */}
        <input type="hidden" name="listed_fee" value={String(offers?.fee.listAmount ?? community.feeAmount)} />
        <div class={errors.has("name") ? "field invalid" : "field"}>
          <label for="name">Your name</label>
          {errors.has("name") ? <p class="error" id="name-error">{errors.get("name")}</p> : null}
          <input type="text" id="name" name="name" autocomplete="name" required maxlength={100} value={text("name")} aria-describedby={errors.has("name") ? "name-error" : undefined} />
        </div>
        <div class={errors.has("email") ? "field invalid" : "field"}>
          <label for="email">Email</label>
          <p class="hint" id="email-help">We send your status link and the decision here.</p>
          {errors.has("email") ? <p class="error" id="email-error">{errors.get("email")}</p> : null}
          <input type="email" id="email" name="email" autocomplete="email" required maxlength={254} value={text("email")} aria-describedby={errors.has("email") ? "email-help email-error" : "email-help"} />
        </div>
        {questions.map((q) => (
          <QuestionField q={q} value={values[fieldName(q)]} error={errors.get(fieldName(q))} partErrors={partErrorsOf(q, errors)} currency={community.currency} />
        ))}
        {paid || text("promotion_code") ? <PromotionCodeField value={text("promotion_code")} error={errors.get("promotion_code")} /> : null}
        <div class={errors.has("accept_rules") ? "field invalid" : "field"}>
          {errors.has("accept_rules") ? <p class="error" id="accept_rules-error">{errors.get("accept_rules")}</p> : null}
          <label class="choice" for="accept_rules">
            <input type="checkbox" id="accept_rules" name="accept_rules" value="yes" required checked={values.accept_rules === "yes"} />
            <span>I have read the community rules and accept them.</span>
          </label>
        </div>
        <div class="actions">
          <button class="btn" type="submit">{submitLabel ?? (paid ? `Continue to payment (${fee})` : "Submit application")}</button>
        </div>
      </form>
    </section>
  );
}

function labelFor(field: string, questions: Question[]): string {
  if (field === "name") return "Your name";
  if (field === "email") return "Email";
  if (field === "acceptRules") return "Community rules";
  if (field === "promotion_code") return "Promotion code";
  if (field === "referral") return "Invitation link";
  const [, id, part] = field.split(".");
  const q = field.startsWith("answers.") ? questions.find((x) => x.id === id) : undefined;
  if (!q) return field;
  const sub = part ? PRICE_SENSITIVITY_FIELDS.find((f) => f.key === part) : undefined;
  return sub ? `${q.label} (${sub.short.toLowerCase()})` : q.label;
}

/** A price question's errors by part (`tooCheap`…), read from the form's error map. */
function partErrorsOf(q: Question, errors: Map<string, string>): Record<string, string> | undefined {
  if (q.kind !== "van_westendorp") return undefined;
  const out: Record<string, string> = {};
  for (const f of PRICE_SENSITIVITY_FIELDS) {
    const message = errors.get(partId(q, f.key));
    if (message) out[f.key] = message;
  }
  return out;
}
