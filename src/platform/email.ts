import { emails } from "../../drizzle";
import type { Db } from "../lib/db";
import { newId } from "../lib/ids";

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Extra headers (List-Unsubscribe and List-Unsubscribe-Post for one-click unsubscribe, RFC 8058). */
  headers?: Record<string, string>;
  /** What the email is about (application_submitted, magic_link, ...), for the log and tests. */
  kind: string;
}

export interface Mailer {
  send(email: OutgoingEmail): Promise<void>;
}

export interface MailerOptions {
  db: Db;
  provider: string;
  from: string;
  resendApiKey?: string;
  now: () => Date;
  fetch?: typeof fetch;
}

/**
 * Every email is written to the `emails` table. With the "outbox" provider (dev and tests) that
 * is all that happens and /dev/mailbox shows it; with "resend" it is also sent over HTTP.
 * A failed send is logged as failed, not thrown: an email must never undo a payment or decision.
 */
export function createMailer(opts: MailerOptions): Mailer {
  return {
    async send(email) {
      let status: "sent" | "failed" = "sent";
      let providerMessageId: string | null = null;
      let error: string | null = null;
      if (opts.provider === "resend") {
        try {
          providerMessageId = await sendWithResend(opts, email);
        } catch (e) {
          status = "failed";
          error = e instanceof Error ? e.message : String(e);
          console.error("email send failed", email.kind, error);
        }
      } else if (opts.provider !== "outbox") {
        status = "failed";
        error = `Unknown EMAIL_PROVIDER ${opts.provider}`;
      }
      await opts.db.insert(emails).values({
        id: newId("eml"),
        to: email.to.toLowerCase(),
        subject: email.subject,
        text: email.text,
        html: email.html ?? null,
        headers: email.headers ?? null,
        kind: email.kind,
        provider: opts.provider,
        status,
        providerMessageId,
        error,
        createdAt: opts.now(),
      });
    },
  };
}

async function sendWithResend(opts: MailerOptions, email: OutgoingEmail): Promise<string> {
  if (!opts.resendApiKey) throw new Error("RESEND_API_KEY is not set");
  const res = await (opts.fetch ?? fetch)("https://api.resend.com/emails", {
    method: "POST",
    headers: { authorization: `Bearer ${opts.resendApiKey}`, "content-type": "application/json" },
    body: JSON.stringify({ from: opts.from, to: [email.to], subject: email.subject, text: email.text, html: email.html, headers: email.headers }),
  });
  if (!res.ok) throw new Error(`Resend answered ${res.status}: ${await res.text()}`);
  const body = (await res.json()) as { id?: string };
  return body.id ?? "";
}
