/**
 * /dev/mailbox: the outbox of the dev and test worker. Every email the app "sends" with the
 * outbox provider is a row in `emails`; this shows them, and `latest.json` lets tests and
 * scripts pick up the newest link for an address. Mounted only by the dev entry.
 */
import { and, desc, eq, sql, type SQL } from "drizzle-orm";
import { Hono } from "hono";
import { emails, type Email } from "../../drizzle/platform";
import type { AppEnv } from "../app-env";
import { AppError, errorBody } from "../lib/errors";
import { formatDateTime } from "../ui/format";
import { Layout, page } from "../ui/layout";

const URL_PATTERN = /https?:\/\/[^\s<>"']+/g;

/** The http(s) URLs in a text, without trailing sentence punctuation. */
export function extractLinks(text: string): string[] {
  return [...text.matchAll(URL_PATTERN)].map((m) => m[0].replace(/[.,;:!?)\]]+$/, ""));
}

export const mailboxRoutes = new Hono<AppEnv>()
  .get("/", async (c) => {
    const to = c.req.query("to")?.trim().toLowerCase() || undefined;
    const rows = await c
      .get("deps")
      .db.select()
      .from(emails)
      .where(to ? eq(emails.to, to) : undefined)
      .orderBy(desc(emails.createdAt), desc(sql`rowid`))
      .limit(100);
    return c.html(mailboxPage(rows, to));
  })
  .get("/latest.json", async (c) => {
    const to = c.req.query("to")?.trim().toLowerCase();
    const kind = c.req.query("kind")?.trim();
    const filters: SQL[] = [];
    if (to) filters.push(eq(emails.to, to));
    if (kind) filters.push(eq(emails.kind, kind));
    const row = await c
      .get("deps")
      .db.select()
      .from(emails)
      .where(and(...filters))
      .orderBy(desc(emails.createdAt), desc(sql`rowid`))
      .get();
    if (!row) return c.json(errorBody(AppError.notFound("Email"), c.get("requestId")), 404);
    const { id, subject, text } = row;
    return c.json({ id, to: row.to, subject, text, kind: row.kind, links: extractLinks(text) });
  })
  .get("/:id", async (c) => {
    const row = await c.get("deps").db.select().from(emails).where(eq(emails.id, c.req.param("id"))).get();
    if (!row) throw AppError.notFound("Email");
    return c.html(emailPage(row));
  });

function mailboxPage(rows: Email[], to: string | undefined): string {
  return page(
    <Layout title="Dev mailbox · Threshold">
      <h1>Dev mailbox</h1>
      <p class="lead">Emails the app sent in dev mode. Nothing here left this machine.</p>
      <form method="get" action="/dev/mailbox" class="filters">
        <div class="field">
          <label for="to">Recipient</label>
          <input type="email" id="to" name="to" value={to ?? ""} />
        </div>
        <button class="btn secondary" type="submit">
          Filter
        </button>
        {to ? <a href="/dev/mailbox">Show all</a> : null}
      </form>
      {rows.length ? (
        <table>
          <caption class="visually-hidden">Sent emails, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Sent</th>
              <th scope="col">To</th>
              <th scope="col">Subject</th>
              <th scope="col">Kind</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((e) => (
              <tr>
                <td>{formatDateTime(e.createdAt)}</td>
                <td>{e.to}</td>
                <td>
                  <a href={`/dev/mailbox/${encodeURIComponent(e.id)}`}>{e.subject}</a>
                </td>
                <td>
                  <span class="badge">{e.kind}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="notice">{to ? `No emails to ${to} yet.` : "No emails yet."}</p>
      )}
    </Layout>,
  );
}

function emailPage(e: Email): string {
  return page(
    <Layout title={`${e.subject} · Dev mailbox`} narrow>
      <p>
        <a href={`/dev/mailbox?to=${encodeURIComponent(e.to)}`}>← Mailbox of {e.to}</a>
      </p>
      <h1>{e.subject}</h1>
      <dl class="answers">
        <dt>To</dt>
        <dd>{e.to}</dd>
        <dt>Sent</dt>
        <dd>{formatDateTime(e.createdAt)}</dd>
        <dt>Kind</dt>
        <dd>{e.kind}</dd>
        {e.status === "failed" ? (
          <>
            <dt>Delivery failed</dt>
            <dd>{e.error ?? ""}</dd>
          </>
        ) : null}
      </dl>
      <div class="card" style="white-space:pre-wrap;overflow-wrap:anywhere">
        <Linkified text={e.text} />
      </div>
    </Layout>,
  );
}

/** The text with its URLs as links; everything else is escaped by JSX. */
function Linkified({ text }: { text: string }) {
  const parts: unknown[] = [];
  let last = 0;
  for (const m of text.matchAll(URL_PATTERN)) {
    const url = m[0].replace(/[.,;:!?)\]]+$/, "");
    parts.push(text.slice(last, m.index), <a href={url}>{url}</a>);
    last = m.index + url.length;
  }
  parts.push(text.slice(last));
  return <>{parts}</>;
}
