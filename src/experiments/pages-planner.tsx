/** The planner beside the new-experiment form: will a test at this traffic end with an answer? */
import { ErrorSummary } from "../communities/admin-layout";
import { SelectField, TextField } from "../communities/fields";
import { PLANNER_LABELS, type PlannerResult } from "./forms";
import { percent } from "./pages-common";
import type { PlannerState } from "./pages";

const VARIANT_COUNT_OPTIONS = [
  { value: "2", label: "2 prices" },
  { value: "3", label: "3 prices" },
  { value: "4", label: "4 prices" },
] as const;

const PLAN_MODE_OPTIONS = [
  { value: "fixed", label: "Fixed split" },
  { value: "bandit", label: "Bandit" },
] as const;

/**
 * How likely a test is to end with an answer at the owner's traffic: the stopping rule in force,
 * simulated day by day (stats/plan.ts). A GET form, computed on the server.
 */
export function Planner({ base, planner }: { base: string; planner: PlannerState }) {
  const { values, result, errors, recent } = planner;
  return (
    <aside class="card" aria-labelledby="planner-h">
      <h2 id="planner-h">Planner: will a test decide?</h2>
      <p class="hint">
        Simulates the stopping rule Threshold uses, looked at daily, at your traffic.
        {recent
          ? ` Filled in from your tests of the last ${recent.days} day${recent.days === 1 ? "" : "s"}: about ${Math.round(recent.visitorsPerDay).toLocaleString("en-US")} visitors a day, ${percent(recent.conversion, 1)} paying.`
          : " Enter the traffic of the page whose price you will test."}
      </p>
      <ErrorSummary errors={errors} labels={PLANNER_LABELS} />
      <form method="get" action={`${base}/new`} novalidate>
        {Object.entries(planner.carry).flatMap(([name, list]) => list.map((v) => <input type="hidden" name={name} value={v} />))}
        <TextField id="plan-daily" name="daily" label={PLANNER_LABELS.daily!} value={values.daily} error={errors.daily} inputmode="numeric" hint="Visitors who see the price each day." />
        <TextField id="plan-baseline" name="baseline" label={PLANNER_LABELS.baseline!} value={values.baseline} error={errors.baseline} inputmode="decimal" hint="Share of those visitors who pay today, e.g. 3." />
        <SelectField id="plan-variants" name="variants" label={PLANNER_LABELS.variants!} value={values.variants} error={errors.variants} options={VARIANT_COUNT_OPTIONS} />
        <SelectField id="plan-mode" name="mode" label={PLANNER_LABELS.mode!} value={values.mode} error={errors.mode} options={PLAN_MODE_OPTIONS} />
        <div class="actions">
          <button type="submit" class="btn secondary">
            Estimate
          </button>
        </div>
      </form>
      {result ? <PlannerAnswer result={result} /> : <p class="muted">Add your daily visitors to see the chances.</p>}
    </aside>
  );
}

/** Simulated shares are good to about ±10 points: rounded to 5 so they do not look sharper. */
const chance = (x: number) => `${Math.round(x * 20) * 5}%`;

function PlannerAnswer({ result }: { result: PlannerResult }) {
  const quarter = result.rows.find((r) => r.lift === 0.25);
  return (
    <div role="status" aria-live="polite" data-testid="planner-result" class="planner-result">
      <p>
        At {result.daily.toLocaleString("en-US")} visitors a day and {result.baseline}% paying, {result.variants} prices{result.bandit ? ", bandit split" : ""}: the
        chance the test names the better price by then.
      </p>
      <div class="table-scroll">
        <table data-testid="planner-table">
          <caption class="visually-hidden">Chance of a decision for the better price, by effect and weeks</caption>
          <thead>
            <tr>
              <th scope="col">Best price earns per visitor</th>
              <th scope="col" class="num">
                2 weeks
              </th>
              <th scope="col" class="num">
                4 weeks
              </th>
              <th scope="col" class="num">
                6 weeks
              </th>
            </tr>
          </thead>
          <tbody>
            {result.rows.map((r) => (
              <tr data-lift={String(r.lift)}>
                <th scope="row">+{Math.round(r.lift * 100)}%</th>
                <td class="num">{chance(r.by[14])}</td>
                <td class="num">{chance(r.by[28])}</td>
                <td class="num">{chance(r.by[42])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {quarter && quarter.by[42] < 0.5 ? (
        <p class="notice warn">
          At this traffic even a price that earns 25% more is more likely than not to end as “No clear difference”. Test prices further apart, or use
          bandit mode, which earns while it learns.
        </p>
      ) : null}
      <p class="hint">
        From {result.runs} simulated tests per row through Threshold's own analysis, with a daily look, at least 7 days, and a winner only when choosing it
        costs less than {result.bandit ? "1%" : "0.5%"} of its revenue per visitor in expectation; figures are good to about ±10 points.
      </p>
    </div>
  );
}
