import type { Application, ApplicationEvent, ApplicationGroup, Community, GroupSeat, Question } from "../../drizzle";
import { formatDate, formatDateTime, formatMoney } from "../ui/format";
import { Layout, page } from "../ui/layout";
import { formatAnswer } from "./answers";
import { needsPayment } from "./checkout";
import { groupShareUrl } from "../groups/share-url";
import { GroupProgress } from "./group-card";
import { feePolicyPromise } from "./policy-text";

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

function moneyLine(app: Application, fee: string, captured: string): string | null {
  switch (app.paymentStatus) {
    case "held":
      return `${fee} is authorized on your card, not charged.`;
    case "paid":
      return `${fee} paid on ${formatDate(app.paidAt)}.`;
    case "captured":
      return captured === fee ? `${fee} charged on approval.` : `${captured} charged on approval (the group price; the rest of the ${fee} hold was released).`;
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
  /** The group this application belongs to, if it was made as one. */
  group?: { group: ApplicationGroup; seats: GroupSeat[] } | null;
  /** What was captured, when less than the fee was (a group's price). */
  capturedAmount?: number | null;
  appUrl?: string;
}

export function renderStatus({ community, app, timeline, questions, notice, group, capturedAmount, appUrl = "" }: StatusProps): string {
  const fee = formatMoney(app.feeAmount, app.currency);
  const paidStep = app.feeAmount === 0 || !["unpaid", "checkout_expired", "hold_expired", "none"].includes(app.paymentStatus);
  const decided = ["approved", "rejected", "waitlisted"].includes(app.status);
  const money = moneyLine(app, fee, formatMoney(capturedAmount ?? app.feeAmount, app.currency));
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
      {group ? <GroupProgress {...group} shareUrl={groupShareUrl(appUrl, community.slug, group.group.id)} /> : null}
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
