import { sql, type SQL } from "drizzle-orm";
import { emails } from "../../drizzle";
import type { BatchItem, Db } from "../lib/db";
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

/**
 * An email recorded by a statement that runs in the caller's batch, with the change it reports,
 * so both happen or neither does; `deliver` sends it once that batch has run.
 */
export interface DraftedEmail {
  write: BatchItem;
  /** Call only when the batch recorded it (a guarded draft may not have been). */
  deliver(): Promise<void>;
}

export interface Mailer {
  send(email: OutgoingEmail): Promise<void>;
  /** The email for a batch; `onlyIf` makes recording it (and so sending it) conditional on SQL run in that batch. */
  draft(email: OutgoingEmail, onlyIf?: SQL): DraftedEmail;
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
  const viaHttp = opts.provider === "resend";
  const unknownProvider = !viaHttp && opts.provider !== "outbox";
  /** Sends over HTTP; the status and provider answer to record. */
  const deliverNow = async (email: OutgoingEmail) => {
    if (unknownProvider) return { status: "failed" as const, providerMessageId: null, error: `Unknown EMAIL_PROVIDER ${opts.provider}` };
    if (!viaHttp) return { status: "sent" as const, providerMessageId: null, error: null };
    try {
      return { status: "sent" as const, providerMessageId: await sendWithResend(opts, email), error: null };
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      console.error("email send failed", email.kind, error);
      return { status: "failed" as const, providerMessageId: null, error };
    }
  };
  const row = (email: OutgoingEmail) => ({
    id: newId("eml"),
    to: email.to.toLowerCase(),
    subject: email.subject,
    text: email.text,
    html: email.html ?? null,
    headers: email.headers ?? null,
    kind: email.kind,
    provider: opts.provider,
    createdAt: opts.now(),
  });
  return {
    async send(email) {
      await opts.db.insert(emails).values({ ...row(email), ...(await deliverNow(email)) });
    },
    draft(email, onlyIf) {
      const r = row(email);
      // The outbox has nothing left to do after the batch; HTTP delivery records its answer after sending.
      const outcome = viaHttp ? { status: "sending" as const, providerMessageId: null, error: null } : { status: unknownProvider ? ("failed" as const) : ("sent" as const), providerMessageId: null, error: unknownProvider ? `Unknown EMAIL_PROVIDER ${opts.provider}` : null };
      const values = { ...r, ...outcome };
      const write = onlyIf
        ? opts.db
            .insert(emails)
            // Columns in table order: id, to, subject, text, html, headers, kind, provider, status, provider id, error, created.
            .select(sql`select ${values.id}, ${values.to}, ${values.subject}, ${values.text}, ${values.html}, ${values.headers ? JSON.stringify(values.headers) : null}, ${values.kind}, ${values.provider}, ${values.status}, null, ${values.error}, ${values.createdAt.getTime()} where ${onlyIf}`)
        : opts.db.insert(emails).values(values);
      return {
        write,
        async deliver() {
          if (!viaHttp) return;
          const result = await deliverNow(email);
          await opts.db.update(emails).set(result).where(sql`${emails.id} = ${r.id}`);
        },
      };
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
