import type { AuditEntry, ExperimentVariant } from "../../drizzle";
import { FieldError } from "../communities/admin-layout";
import { SelectField, TextField } from "../communities/fields";
import type { FieldErrors } from "../communities/forms";
import { formatDateTime, formatMoney } from "../ui/format";
import { percent, variantName } from "./pages-common";
import type { ExperimentPageProps, PromoteValues } from "./pages-results";

/** Start, pause, resume, stop and promote, as the status allows. */
export function Controls(props: ExperimentPageProps & { base: string; currency: string }) {
  const { base, experiment: e, variants, currency, promote } = props;
  const canPromote = !e.winnerVariantId && e.startedAt != null;
  const lowest = Math.min(...variants.map((v) => v.price));
  if (e.status === "stopped" && !canPromote) return null;
  return (
    <section class="card" aria-labelledby="controls-h">
      <h2 id="controls-h">Controls</h2>
      <div class="actions">
        {e.status === "draft" ? <ActionButton action={`${base}/start`} label="Start experiment" primary /> : null}
        {e.status === "running" ? <ActionButton action={`${base}/pause`} label="Pause" /> : null}
        {e.status === "paused" ? <ActionButton action={`${base}/resume`} label="Resume" primary /> : null}
      </div>
      {e.status !== "stopped" ? (
        <form method="post" action={`${base}/stop`} class="filters" novalidate>
          <TextField id="stop-reason" name="reason" label="Reason for stopping (optional)" maxlength={500} />
          <button type="submit" class="btn danger">
            Stop experiment
          </button>
        </form>
      ) : null}
      {e.status !== "stopped" ? (
        <p class="hint">
          Stopping sends every new visitor back to today's price; people already assigned keep theirs.
          {e.refundToLowest ? ` Whoever paid more than the lowest tested price (${formatMoney(lowest, currency)}) is refunded the difference.` : ""}
        </p>
      ) : null}
      {canPromote ? <PromoteForm base={base} variants={variants} currency={currency} values={promote?.values} errors={promote?.errors} /> : null}
    </section>
  );
}

function ActionButton({ action, label, primary }: { action: string; label: string; primary?: boolean }) {
  return (
    <form method="post" action={action}>
      <button type="submit" class={primary ? "btn" : "btn secondary"}>
        {label}
      </button>
    </form>
  );
}

function PromoteForm({ base, variants, currency, values, errors = {} }: { base: string; variants: ExperimentVariant[]; currency: string; values?: PromoteValues; errors?: FieldErrors }) {
  const options = [{ value: "", label: "Choose a variant" }, ...variants.map((v) => ({ value: v.id, label: `${variantName(v, currency)}${v.isControl ? " (control)" : ""}` }))];
  return (
    <form method="post" action={`${base}/promote`} novalidate>
      <h3>Promote a winner</h3>
      <p class="hint">The promoted price becomes the price for every new visitor and the experiment stops. People already assigned keep their price.</p>
      <div class="grid">
        <SelectField id="promote-variant" name="variantId" label="Variant to promote" value={values?.variantId ?? ""} error={errors.variantId} options={options} />
        <TextField id="promote-reason" name="reason" label="Reason" value={values?.reason ?? ""} error={errors.reason} maxlength={500} hint="For the audit log." />
      </div>
      <FieldError id="promote" message={errors.form} />
      <button type="submit" class="btn ok">
        Promote
      </button>
    </form>
  );
}

const HISTORY_LABELS: Record<string, string> = {
  "experiment.created": "Created",
  "experiment.started": "Started",
  "experiment.paused": "Paused",
  "experiment.resumed": "Resumed",
  "experiment.stopped": "Stopped",
  "experiment.promoted": "Promoted a winner",
  "experiment.bandit_weights": "Bandit moved the traffic split",
  "experiment.refund_to_lowest": "Refunded down to the lowest price",
};

/** The detail of an entry in words: the promoted variant, the new weights, the refund. */
function describeEntry(a: AuditEntry, currency: string): string {
  const d = a.detail as Record<string, unknown>;
  if (typeof d.variant === "string") return `${d.variant}${typeof d.price === "number" ? ` (${formatMoney(d.price, currency)})` : ""}`;
  if (d.weights && typeof d.weights === "object") {
    return Object.entries(d.weights as Record<string, unknown>)
      .map(([k, w]) => `${k} ${typeof w === "number" ? percent(w, 0) : ""}`)
      .join(", ");
  }
  if (typeof d.refunded === "number") return `${formatMoney(d.refunded, currency)} back`;
  if (Array.isArray(d.prices)) return d.prices.map((p) => (typeof p === "number" ? formatMoney(p, currency) : "")).join(" vs ");
  return "";
}

/** Who changed what, when: the audit entries about this experiment, newest first. */
export function History({ entries, currency }: { entries: AuditEntry[]; currency: string }) {
  return (
    <section aria-labelledby="history-h">
      <h2 id="history-h">History</h2>
      {entries.length === 0 ? (
        <p class="muted">Nothing recorded yet.</p>
      ) : (
        <table>
          <caption class="visually-hidden">Changes to this experiment, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((a) => (
              <tr>
                <td>{formatDateTime(a.createdAt)}</td>
                <td>{a.actor}</td>
                <td>
                  {HISTORY_LABELS[a.action] ?? a.action}
                  {describeEntry(a, currency) ? <span class="muted">: {describeEntry(a, currency)}</span> : null}
                </td>
                <td>{a.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
