import type { Community, Experiment, ExperimentVariant, Tier } from "../../drizzle";
import type { StaffAccess } from "../auth/roles";
import { AdminLayout, ErrorSummary } from "../communities/admin-layout";
import { Checkbox, RadioGroup, SelectField, TextField } from "../communities/fields";
import type { FieldErrors } from "../communities/forms";
import { formatDate, formatMoney } from "../ui/format";
import { EXPERIMENT_LABELS, priceLabel, VARIANT_KEYS, type ExperimentValues, type PlannerResult, type PlannerValues, type RecentTraffic, type TargetOption } from "./forms";
import { currencyOf, daysBetween, experimentsBase, ExperimentStyles, formatDays, StatusBadge, Swatch, targetLabel } from "./pages-common";
import { Planner } from "./pages-planner";
import type { Decision } from "./stats";
import { canManage } from "../communities/admin-context";

export interface ExperimentRow {
  experiment: Experiment;
  variants: ExperimentVariant[];
  /** The stopping rule's reading, for tests that are running or paused. */
  decision: Decision | null;
}

export interface ExperimentsPageProps {
  community: Community;
  role: StaffAccess;
  rows: ExperimentRow[];
  tiers: Map<string, Tier>;
  now: Date;
  flash?: string | null;
}

/** Every price test of the community, newest first, with where each one stands. */
export function ExperimentsPage({ community, role, rows, tiers, now, flash }: ExperimentsPageProps) {
  const base = experimentsBase(community);
  return (
    <AdminLayout community={community} role={role} title="Price experiments" current="experiments" flash={flash}>
      <ExperimentStyles />
      <h1>Price experiments</h1>
      <p class="lead">
        Sell at several price points and let purchases show what people will pay. Each visitor sees one price, always the same one, and pays exactly
        that.
      </p>
      {canManage(role) ? (
        <div class="actions">
          <a href={`${base}/new`} class="btn">
            New experiment
          </a>
          <a href={`${base}/willingness`} class="btn secondary">
            Willingness to pay
          </a>
        </div>
      ) : null}
      {rows.length === 0 ? (
        <p class="notice">No experiments yet. {canManage(role) ? "Start with the application fee: two prices, half the visitors each." : ""}</p>
      ) : (
        <div class="table-scroll">
          <table>
            <caption class="visually-hidden">Price experiments, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Price tested</th>
                <th scope="col">Prices</th>
                <th scope="col">Status</th>
                <th scope="col">Days running</th>
                <th scope="col">Verdict</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <ExperimentListRow base={base} row={row} community={community} tiers={tiers} now={now} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </AdminLayout>
  );
}

function ExperimentListRow({ base, row, community, tiers, now }: { base: string; row: ExperimentRow; community: Community; tiers: Map<string, Tier>; now: Date }) {
  const { experiment: e, variants } = row;
  const currency = currencyOf(e, community, tiers);
  return (
    <tr>
      <td>
        <a href={`${base}/${e.id}`}>{e.name}</a>
        <p class="muted">Created {formatDate(e.createdAt)}</p>
      </td>
      <td>{targetLabel(e, tiers)}</td>
      <td>
        {variants.map((v, i) => (
          <>
            {i ? ", " : ""}
            <Swatch position={v.position} />
            {formatMoney(v.price, currency)}
          </>
        ))}
      </td>
      <td>
        <StatusBadge status={e.status} />
      </td>
      <td>{e.startedAt ? formatDays(daysBetween(e.startedAt, e.stoppedAt ?? now)) : "Not started"}</td>
      <td>{verdictText(row, currency)}</td>
    </tr>
  );
}

function verdictText({ experiment: e, variants, decision }: ExperimentRow, currency: string): string {
  if (e.winnerVariantId) {
    const winner = variants.find((v) => v.id === e.winnerVariantId);
    return winner ? `Promoted ${winner.key} (${formatMoney(winner.price, currency)})` : "Promoted";
  }
  if (e.status === "draft") return "Not started";
  if (e.status === "stopped") return "Stopped without promoting";
  // Before anyone is exposed, the stopping rule has nothing to read (as on the results page).
  if (variants.every((v) => v.exposures === 0)) return "No data yet";
  return decision?.message ?? "";
}

export interface PlannerState {
  values: PlannerValues;
  result: PlannerResult | null;
  errors: FieldErrors;
  /** Carried through the planner's GET form so a prefilled experiment form survives it. */
  carry: Record<string, string[]>;
  /** The community's own recent traffic, which fills the form unless the owner typed over it. */
  recent: RecentTraffic | null;
}

export interface NewExperimentPageProps {
  community: Community;
  role: StaffAccess;
  targets: TargetOption[];
  values: ExperimentValues;
  errors?: FieldErrors;
  error?: string | null;
  planner: PlannerState;
}

const MODE_OPTIONS = [
  { value: "fixed", label: "Fixed split", explanation: "Visitors are split by the weights below until you stop the test." },
  {
    value: "bandit",
    label: "Bandit",
    explanation: "After a day and 100 visitors per price, traffic shifts daily toward the price earning most per visitor. Every price keeps at least 1%.",
  },
] as const;

/** The new-experiment form, with the sample-size planner beside it. */
export function NewExperimentPage({ community, role, targets, values, errors = {}, error, planner }: NewExperimentPageProps) {
  const base = experimentsBase(community);
  return (
    <AdminLayout community={community} role={role} title="New experiment" current="experiments" error={error}>
      <ExperimentStyles />
      <p>
        <a href={base}>← All experiments</a>
      </p>
      <h1>New price experiment</h1>
      <p class="lead">Test 2 to 4 prices. Price A is the control: keep it at today's price so you learn whether a change pays.</p>
      <div class="split">
        <section aria-labelledby="experiment-form-h">
          <h2 id="experiment-form-h" class="visually-hidden">
            Experiment
          </h2>
          <ErrorSummary errors={errors} labels={EXPERIMENT_LABELS} />
          <form method="post" action={`${base}/new`} class="card" novalidate>
            <ExperimentFields targets={targets} values={values} errors={errors} />
            <div class="actions">
              <button type="submit" class="btn">
                Create experiment
              </button>
              <span class="muted">It starts as a draft: nobody sees a test price until you press Start.</span>
            </div>
          </form>
        </section>
        <Planner base={base} planner={planner} />
      </div>
    </AdminLayout>
  );
}

function ExperimentFields({ targets, values, errors }: { targets: TargetOption[]; values: ExperimentValues; errors: FieldErrors }) {
  const targetOptions = targets.map((t) => ({ value: t.value, label: `${t.label} (now ${formatMoney(t.current, t.currency)})` }));
  return (
    <>
      <TextField id="exp-name" name="name" label="Name" value={values.name} error={errors.name} maxlength={80} required hint="For you, never shown to visitors. E.g. “Fee: $25 vs $35”." />
      <SelectField id="exp-target" name="target" label="Price to test" value={values.target} error={errors.target} options={targetOptions} hint="The application fee, or one tier's monthly or yearly price." />
      <fieldset class={errors.variants ? "invalid" : undefined} aria-describedby={errors.variants ? "exp-variants-hint exp-variants-error" : "exp-variants-hint"}>
        <legend>Price points</legend>
        <p class="hint" id="exp-variants-hint">
          In the currency's main unit, like 25.00. Weights are each price's share of new visitors (50 and 50 splits them evenly). Leave C and D empty to
          test two prices.
        </p>
        {errors.variants ? (
          <p class="error" id="exp-variants-error">
            {errors.variants}
          </p>
        ) : null}
        {VARIANT_KEYS.map((k, i) => (
          <div class="grid">
            <TextField id={`exp-price${k}`} name={`price${k}`} label={priceLabel(i)} value={values.prices[i]} error={errors[`price${k}`]} inputmode="decimal" />
            <TextField id={`exp-weight${k}`} name={`weight${k}`} label={`Weight ${k}`} value={values.weights[i]} error={errors[`weight${k}`]} inputmode="decimal" />
          </div>
        ))}
      </fieldset>
      <RadioGroup id="exp-mode" name="mode" label="Traffic split" value={values.mode} error={errors.mode} options={MODE_OPTIONS} />
      <div class="grid">
        <TextField
          id="exp-conversionWindowDays"
          name="conversionWindowDays"
          label="Conversion window (days)"
          value={values.conversionWindowDays}
          error={errors.conversionWindowDays}
          inputmode="numeric"
          hint="A payment counts for the price a visitor saw if it comes within this many days of first seeing it."
        />
        <TextField
          id="exp-maxDurationDays"
          name="maxDurationDays"
          label="Maximum duration (days)"
          value={values.maxDurationDays}
          error={errors.maxDurationDays}
          inputmode="numeric"
          hint="Without a clear winner by then, the verdict is “No clear difference”."
        />
      </div>
      <Checkbox
        id="exp-refundToLowest"
        name="refundToLowest"
        label="Refund down to the lowest tested price"
        checked={values.refundToLowest}
        hint="When the test ends, whoever paid more than the lowest price tested gets the difference back."
      />
      <Checkbox
        id="exp-autoPromote"
        name="autoPromote"
        label="Promote the winner automatically"
        checked={values.autoPromote}
        hint="When the stopping rule finds a clear winner, its price becomes the price for new visitors."
      />
    </>
  );
}
