import type { AnswerValue, Application, ApplicationEvent, ApplicationNote, Community, Question } from "../../drizzle";
import { isPriceSensitivity, priceSensitivityParts } from "../applications/answers";
import type { StaffAccess } from "../auth/roles";
import { AdminLayout } from "../communities/admin-layout";
import { TextArea } from "../communities/fields";
import { FEE_POLICY_TEXT } from "../communities/fee-policy";
import { formatDateTime } from "../ui/format";
import { safeUrl } from "../ui/markdown";
import { availableDecisions, type Decision } from "./decisions";
import { DECISION_LABELS, describePayment, eventDetail, eventLabel, moneyConsequence, PAYMENT_LABELS, STATUS_LABELS } from "./describe";

export interface ApplicationPageProps {
  community: Community;
  role: StaffAccess;
  app: Application;
  questions: Map<string, Question>;
  notes: ApplicationNote[];
  timeline: ApplicationEvent[];
  holdWarning: string | null;
  flash?: string | null;
  error?: string | null;
  /** A note that failed validation, shown again with its error. */
  note?: { body: string; error: string };
  /** The applications before and after this one in the queue the reviewer came from. */
  neighbours?: { newer: Application | null; older: Application | null };
  /** That queue's filters, as a query string (without "?"). */
  queueQuery?: string;
}

export function ApplicationPage(props: ApplicationPageProps) {
  const { community, role, app, questions, notes, timeline, holdWarning, flash, error, note, neighbours, queueQuery = "" } = props;
  const queue = `/c/${community.slug}/admin/applications`;
  const base = `${queue}/${app.id}`;
  const withQuery = (path: string) => (queueQuery ? `${path}?${queueQuery}` : path);
  return (
    <AdminLayout community={community} role={role} title={app.name} current="applications" flash={flash} error={error}>
      <nav aria-label="Applications" class="pager">
        <a href={withQuery(queue)}>← Back to the list</a>
        <span class="actions">
          {neighbours?.newer ? (
            <a class="btn small secondary" rel="prev" href={withQuery(`${queue}/${neighbours.newer.id}`)}>
              Previous: {neighbours.newer.name}
            </a>
          ) : null}
          {neighbours?.older ? (
            <a class="btn small secondary" rel="next" href={withQuery(`${queue}/${neighbours.older.id}`)}>
              Next: {neighbours.older.name}
            </a>
          ) : null}
        </span>
      </nav>
      <h1>
        {app.name} <span class={`badge ${app.status}`}>{STATUS_LABELS[app.status]}</span>{" "}
        {app.flagged ? <span class="badge flag">Flagged</span> : null}
      </h1>
      {holdWarning ? (
        <div class="notice warn" role="alert">
          <strong>Card hold expiring.</strong> {holdWarning}
        </div>
      ) : null}
      <Summary app={app} />
      <section class="card" aria-labelledby="answers">
        <h2 id="answers">Answers</h2>
        <Answers app={app} questions={questions} currency={community.currency} />
      </section>
      <Decisions base={base} app={app} />
      <Notes base={base} notes={notes} note={note} />
      <Timeline app={app} timeline={timeline} />
    </AdminLayout>
  );
}

function Summary({ app }: { app: Application }) {
  return (
    <section class="card" aria-label="Summary">
      <dl class="answers">
        <dt>Email</dt>
        <dd>
          <a href={`mailto:${app.email}`}>{app.email}</a>
        </dd>
        <dt>Submitted</dt>
        <dd>{formatDateTime(app.createdAt)}</dd>
        <dt>Status</dt>
        <dd>
          {STATUS_LABELS[app.status]}
          {app.decidedAt ? ` on ${formatDateTime(app.decidedAt)} by ${app.decidedBy ?? "unknown"}` : ""}
          {app.decisionReason ? ` — reason given: "${app.decisionReason}"` : ""}
        </dd>
        <dt>Fee and policy</dt>
        <dd>
          {app.feeAmount === 0 ? "No fee" : `${FEE_POLICY_TEXT[app.feePolicy].label}: ${FEE_POLICY_TEXT[app.feePolicy].explanation}`}
        </dd>
        <dt>Payment</dt>
        <dd>
          <span class={`badge ${app.paymentStatus}`}>{PAYMENT_LABELS[app.paymentStatus]}</span> {describePayment(app)}
        </dd>
        <dt>Rules accepted</dt>
        <dd>{formatDateTime(app.rulesAcceptedAt)}</dd>
        {app.flagReasons.length ? (
          <>
            <dt>Flagged because</dt>
            <dd>
              <ul>
                {app.flagReasons.map((r) => (
                  <li>{r}</li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}

/** Answers in questionnaire order; archived questions still label the answers given to them. */
function Answers({ app, questions, currency }: { app: Application; questions: Map<string, Question>; currency: string }) {
  const ids = Object.keys(app.answers).sort((a, b) => (questions.get(a)?.position ?? 1e9) - (questions.get(b)?.position ?? 1e9));
  if (!ids.length) return <p class="muted">No answers.</p>;
  return (
    <dl class="answers">
      {ids.map((id) => {
        const q = questions.get(id);
        return (
          <>
            <dt>
              {q?.label ?? "A removed question"}
              {q?.archivedAt ? <span class="muted"> (archived question)</span> : null}
            </dt>
            <dd>
              <AnswerValue value={app.answers[id]!} kind={q?.kind} currency={currency} />
            </dd>
          </>
        );
      })}
    </dl>
  );
}

function AnswerValue({ value, kind, currency }: { value: AnswerValue; kind?: Question["kind"]; currency: string }) {
  if (isPriceSensitivity(value)) {
    return (
      <ul>
        {priceSensitivityParts(value, currency).map((p) => (
          <li>
            {p.label}: {p.value}
          </li>
        ))}
      </ul>
    );
  }
  if (Array.isArray(value)) {
    return (
      <ul>
        {value.map((v) => (
          <li>{v}</li>
        ))}
      </ul>
    );
  }
  const text = String(value);
  const url = kind === "url" ? safeUrl(text) : null;
  return url ? (
    <a href={url} rel="nofollow noopener noreferrer">
      {text}
    </a>
  ) : (
    <>{text}</>
  );
}

function Decisions({ base, app }: { base: string; app: Application }) {
  const allowed = availableDecisions(app);
  return (
    <section class="card" aria-labelledby="decide">
      <h2 id="decide">Decision</h2>
      {allowed.length === 0 ? (
        <p class="muted">This application is {STATUS_LABELS[app.status].toLowerCase()}; there is no decision to make.</p>
      ) : null}
      {app.status !== "approved" && !allowed.includes("approve") && allowed.length ? (
        <p class="muted">Approval becomes possible once the application fee is paid.</p>
      ) : null}
      {allowed.map((d) => (
        <DecisionForm base={base} app={app} decision={d} />
      ))}
    </section>
  );
}

function DecisionForm({ base, app, decision }: { base: string; app: Application; decision: Decision }) {
  const hintId = `consequence-${decision}`;
  return (
    <form method="post" action={`${base}/decision`} class="card">
      <input type="hidden" name="decision" value={decision} />
      {decision === "reject" ? (
        <TextArea id="reason" name="reason" label="Reason (shown to the applicant)" rows={3} maxlength={2000} hint="Optional." />
      ) : null}
      <div class="actions">
        <button type="submit" class={decision === "reject" ? "btn danger" : decision === "approve" ? "btn ok" : "btn secondary"} aria-describedby={hintId}>
          {DECISION_LABELS[decision].button}
        </button>
        <span class="hint" id={hintId}>
          {moneyConsequence(app, decision)} The applicant is emailed.
        </span>
      </div>
    </form>
  );
}

function Notes({ base, notes, note }: { base: string; notes: ApplicationNote[]; note?: { body: string; error: string } }) {
  return (
    <section class="card" aria-labelledby="notes">
      <h2 id="notes">Private notes</h2>
      <p class="hint">Only staff see these.</p>
      {notes.length === 0 ? <p class="muted">No notes yet.</p> : null}
      {notes.map((n) => (
        <article class="card">
          <p class="muted">
            {n.authorEmail} · {formatDateTime(n.createdAt)}
          </p>
          <p style="white-space:pre-wrap;overflow-wrap:anywhere">{n.body}</p>
        </article>
      ))}
      <form method="post" action={`${base}/notes`}>
        <h3>Add a note</h3>
        <TextArea id="note" name="body" label="Note" rows={4} maxlength={5000} value={note?.body} error={note?.error} />
        <div class="actions">
          <button type="submit" class="btn secondary">
            Add note
          </button>
        </div>
      </form>
    </section>
  );
}

function Timeline({ app, timeline }: { app: Application; timeline: ApplicationEvent[] }) {
  return (
    <section class="card" aria-labelledby="timeline">
      <h2 id="timeline">Timeline</h2>
      <ol>
        {timeline.map((e) => {
          const detail = eventDetail(e, app);
          return (
            <li>
              <strong>{eventLabel(e.kind)}</strong> · {formatDateTime(e.createdAt)} · {e.actor}
              {detail ? <div class="muted">{detail}</div> : null}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
