import type { Application, ApplicationEvent, Community, Question } from "../../drizzle";
import type { FieldIssue } from "../lib/errors";
import { formatDate, formatDateTime, formatMoney } from "../ui/format";
import { Layout, page } from "../ui/layout";
import { renderMarkdown } from "../ui/markdown";
import { formatAnswer, PRICE_SENSITIVITY_FIELDS } from "./answers";
import { needsPayment } from "./checkout";
import { fieldName, partId, QuestionField, type FormValues } from "./form-fields";
import { FEE_POLICY_LABEL, feePolicyPromise } from "./policy-text";

export interface LandingProps {
  community: Community;
  questions: Question[];
  values?: FormValues;
  issues?: FieldIssue[];
  formError?: string;
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

export function renderLanding({ community, questions, values = {}, issues = [], formError }: LandingProps): string {
  const errors = new Map(issues.map((i) => [formFieldOf(i.field), i.message]));
  const fee = formatMoney(community.feeAmount, community.currency);
  const paid = community.feeAmount > 0;
  const text = (k: string) => (typeof values[k] === "string" ? (values[k] as string) : "");
  return page(
    <Layout title={`Apply to ${community.name}`} description={community.tagline}>
      <p class="muted">Membership by application</p>
      <h1>{community.name}</h1>
      {community.tagline ? <p class="lead">{community.tagline}</p> : null}
      <div class="grid">
        <section class="card" aria-labelledby="offer-h" style="grid-column: span 2">
          <h2 id="offer-h">What you get</h2>
          <div class="prose" dangerouslySetInnerHTML={{ __html: renderMarkdown(community.description) }} />
        </section>
        <aside class="card" aria-labelledby="fee-h">
          <h2 id="fee-h">Application fee</h2>
          <p class="fee">{paid ? fee : "Free"}{paid ? <small> one-time · {FEE_POLICY_LABEL[community.feePolicy]}</small> : null}</p>
          <p>{paid ? feePolicyPromise(community.feePolicy, community.feeAmount, community.currency) : "Applying is free."}</p>
          <h3>What happens next</h3>
          <ol class="steps">
            <li>Answer the questions below and accept the rules.</li>
            {paid ? <li>Pay the fee on Stripe's secure checkout.</li> : null}
            <li>The team reviews your application.</li>
            <li>You get the decision by email, with a link to follow along at any time.</li>
          </ol>
          {paid ? <p class="trust">Secure payment: card details go to Stripe; Threshold never sees them.</p> : null}
        </aside>
      </div>
      <section class="card" aria-labelledby="rules-h">
        <h2 id="rules-h">Community rules</h2>
        <div class="prose" dangerouslySetInnerHTML={{ __html: renderMarkdown(community.rules) }} />
      </section>
      <section class="card" aria-labelledby="apply-h">
        <h2 id="apply-h">Apply</h2>
        {issues.length || formError ? (
          <div class="notice bad" role="alert" id="form-errors">
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
        <form method="post" action={`/c/${community.slug}/apply`} novalidate>
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
            <QuestionField
              q={q}
              value={values[fieldName(q)]}
              error={errors.get(fieldName(q))}
              partErrors={partErrorsOf(q, errors)}
              currency={community.currency}
            />
          ))}
          <div class={errors.has("accept_rules") ? "field invalid" : "field"}>
            {errors.has("accept_rules") ? <p class="error" id="accept_rules-error">{errors.get("accept_rules")}</p> : null}
            <label class="choice" for="accept_rules">
              <input type="checkbox" id="accept_rules" name="accept_rules" value="yes" required checked={values.accept_rules === "yes"} />
              <span>I have read the community rules and accept them.</span>
            </label>
          </div>
          <div class="actions">
            <button class="btn" type="submit">{paid ? `Continue to payment (${fee})` : "Submit application"}</button>
          </div>
        </form>
      </section>
    </Layout>,
  );
}

function labelFor(field: string, questions: Question[]): string {
  if (field === "name") return "Your name";
  if (field === "email") return "Email";
  if (field === "acceptRules") return "Community rules";
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

const HEADLINE: Record<Application["status"], string> = {
  awaiting_payment: "Waiting for your application fee",
  under_review: "Your application is in review",
  waitlisted: "You are on the waitlist",
  expired: "Your card hold expired",
  approved: "You are approved",
  rejected: "Your application was not approved",
};

function nextStep(app: Application, fee: string): string {
  switch (app.status) {
    case "awaiting_payment":
      return app.paymentStatus === "checkout_expired"
        ? `Your payment page timed out before you paid. Pay the ${fee} fee to send your application to review.`
        : `Pay the ${fee} application fee to send your application to review.`;
    case "under_review":
      return "Nothing to do: the team reviews applications in order and emails you the decision.";
    case "waitlisted":
      return "The team liked your application but has no room right now. We email you as soon as that changes.";
    case "expired":
      return `The ${fee} hold on your card lapsed before a decision, and was released. Authorize it again to stay in the queue.`;
    case "approved":
      return "Welcome! Choose your membership tier to join. You sign in with this email address.";
    case "rejected":
      return "Thank you for your interest.";
  }
}

function moneyLine(app: Application, fee: string): string | null {
  switch (app.paymentStatus) {
    case "held":
      return `${fee} is authorized on your card, not charged.`;
    case "paid":
      return `${fee} paid on ${formatDate(app.paidAt)}.`;
    case "captured":
      return `${fee} charged on approval.`;
    case "refunded":
      return `${fee} refunded to your card.`;
    case "released":
      return `The ${fee} hold on your card was released; you were not charged.`;
    default:
      return null;
  }
}

export interface StatusProps {
  community: Community;
  app: Application;
  timeline: ApplicationEvent[];
  questions: Map<string, Question>;
  notice?: { tone: "ok" | "warn" | "bad"; text: string };
}

export function renderStatus({ community, app, timeline, questions, notice }: StatusProps): string {
  const fee = formatMoney(app.feeAmount, app.currency);
  const paidStep = app.feeAmount === 0 || !["unpaid", "checkout_expired", "hold_expired", "none"].includes(app.paymentStatus);
  const decided = ["approved", "rejected", "waitlisted"].includes(app.status);
  const money = moneyLine(app, fee);
  return page(
    <Layout title={`Your application to ${community.name}`} narrow>
      <p class="muted">
        Application to <a href={`/c/${community.slug}`}>{community.name}</a>
      </p>
      <h1>{HEADLINE[app.status]}</h1>
      <p>
        Status: <span class={`badge ${app.status}`} data-status={app.status}>{app.status.replace("_", " ")}</span>
      </p>
      {notice ? <div class={`notice ${notice.tone}`} role="status">{notice.text}</div> : null}
      {app.status === "rejected" && app.decisionReason ? (
        <blockquote class="card">
          <strong>From the team:</strong> {app.decisionReason}
        </blockquote>
      ) : null}
      <section class="card" aria-labelledby="next-h">
        <h2 id="next-h">Next step</h2>
        <p>{nextStep(app, fee)}</p>
        {money ? <p class="muted">{money}</p> : null}
        {app.status === "approved" ? (
          <p>
            <a class="btn" href={`/c/${community.slug}/join`}>
              Choose your membership
            </a>
          </p>
        ) : null}
        {needsPayment(app) ? (
          <form method="post" action={`/a/${app.statusToken}/pay`}>
            <button class="btn" type="submit">
              {app.status === "expired" ? `Authorize ${fee} again` : `Pay ${fee} application fee`}
            </button>
            <p class="trust">{feePolicyPromise(app.feePolicy, app.feeAmount, app.currency)}</p>
          </form>
        ) : null}
      </section>
      <section class="card" aria-labelledby="progress-h">
        <h2 id="progress-h">Progress</h2>
        <ol class="steps">
          <li class="done">Submitted on {formatDate(app.createdAt)}</li>
          {app.feeAmount > 0 ? <li class={paidStep ? "done" : "current"}>Application fee</li> : null}
          <li class={decided ? "done" : paidStep ? "current" : undefined}>Review</li>
          <li class={decided ? "done current" : undefined}>Decision{decided ? `: ${app.status}` : ""}</li>
        </ol>
        <details>
          <summary>History</summary>
          <ul>
            {timeline.map((e) => (
              <li>
                {formatDateTime(e.createdAt)}: {e.kind.replace(/_/g, " ")}
              </li>
            ))}
          </ul>
        </details>
      </section>
      <details class="card">
        <summary>Your answers</summary>
        <dl class="answers">
          {Object.entries(app.answers).map(([id, value]) => (
            <>
              <dt>{questions.get(id)?.label ?? "Question"}</dt>
              <dd>{formatAnswer(value, app.currency)}</dd>
            </>
          ))}
        </dl>
      </details>
      <p class="trust">Keep this page's link private: anyone with it can see your application.</p>
    </Layout>,
  );
}
