import type { SQL } from "drizzle-orm";
import type { Application, Community } from "../../drizzle";
import type { Deps } from "../env";
import type { DraftedEmail, OutgoingEmail } from "../platform/email";
import { formatMoney } from "../ui/format";

export type ApplicantEmailKind = "submitted" | "status_link" | "payment_received" | "decision" | "hold_expired";

/** Plain-text emails to the applicant; every one carries the status link, the one place to follow up. */
export async function sendApplicationEmail(
  deps: Deps,
  community: Community,
  app: Application,
  kind: ApplicantEmailKind,
): Promise<void> {
  await deps.mailer.send(applicantEmail(deps, community, app, kind));
}

/** The same email drafted for the caller's batch (see `Mailer.draft`), recorded with the change it reports. */
export function draftApplicationEmail(deps: Deps, community: Community, app: Application, kind: ApplicantEmailKind, onlyIf?: SQL): DraftedEmail {
  return deps.mailer.draft(applicantEmail(deps, community, app, kind), onlyIf);
}

function applicantEmail(deps: Deps, community: Community, app: Application, kind: ApplicantEmailKind): OutgoingEmail {
  const link = `${deps.config.appUrl}/a/${app.statusToken}`;
  const fee = formatMoney(app.feeAmount, app.currency);
  const { subject, body } = compose(kind, community, app, fee, deps.config.appUrl);
  return {
    to: app.email,
    subject,
    kind: kind === "decision" ? `decision_${app.status}` : kind,
    text: `Hi ${app.name},\n\n${body}\n\nFollow your application here:\n${link}\n\n— ${community.name}, via Threshold`,
  };
}

function compose(kind: ApplicantEmailKind, c: Community, app: Application, fee: string, appUrl: string): { subject: string; body: string } {
  switch (kind) {
    case "submitted":
      return app.status === "awaiting_payment"
        ? {
            subject: `Finish your application to ${c.name}`,
            body: `We received your application to ${c.name}. It goes to review once the ${fee} application fee is ${app.feePolicy === "authorize_capture" ? "authorized" : "paid"}. If you left the payment page, you can pay from the link below.`,
          }
        : { subject: `Your application to ${c.name} is in review`, body: `We received your application to ${c.name}. The team will review it and email you with their decision.` };
    case "status_link":
      return { subject: `Your application to ${c.name}`, body: `You asked to apply again, but you already have an open application to ${c.name}. Here is its link.` };
    case "payment_received":
      return {
        subject: `Payment received: your application to ${c.name} is in review`,
        body:
          app.feePolicy === "authorize_capture"
            ? `Your card has been authorized for ${fee}. You will only be charged if you are approved; if not, the hold is released.`
            : app.feePolicy === "refund_on_rejection"
              ? `We received your ${fee} application fee. If your application is not approved, it is refunded in full.`
              : `We received your ${fee} application fee. The team will now review your application.`,
      };
    case "hold_expired":
      return {
        subject: `Action needed: authorize your application fee for ${c.name} again`,
        body: `The hold on your card for ${fee} expired before the team reached a decision, so it was released. Authorize it again from the link below to stay in the queue.`,
      };
    case "decision":
      return decisionEmail(c, app, appUrl);
  }
}

function decisionEmail(c: Community, app: Application, appUrl: string): { subject: string; body: string } {
  if (app.status === "approved") {
    return {
      subject: `Welcome to ${c.name}: you are approved`,
      body: `Good news: your application to ${c.name} was approved. Choose your membership here (sign in with this email address):\n${appUrl}/c/${c.slug}/join`,
    };
  }
  if (app.status === "waitlisted") {
    return { subject: `You are on the waitlist for ${c.name}`, body: `Your application to ${c.name} is on the waitlist. We will email you as soon as there is a decision.` };
  }
  const reason = app.decisionReason ? `\n\nThe team wrote: "${app.decisionReason}"` : "";
  const money =
    app.paymentStatus === "none" || app.feeAmount === 0
      ? ""
      : app.feePolicy === "non_refundable"
        ? ""
        : app.feePolicy === "authorize_capture"
          ? "\n\nThe hold on your card is released; you were not charged."
          : "\n\nYour application fee is refunded in full; it can take 5-10 days to appear on your statement.";
  return { subject: `Your application to ${c.name}`, body: `Thank you for applying to ${c.name}. This time your application was not approved.${reason}${money}` };
}
