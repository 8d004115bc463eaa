import type { Community } from "../../drizzle";
import type { StaffAccess } from "../auth/roles";
import { SelectField, TextField } from "../communities/fields";
import { Plot, TableView } from "./page-parts";
import type { InsightsReport } from "./report";
import type { TableSpec } from "./tables";
import { canManage } from "../communities/admin-context";

/** The content section's cadence: the owner's plan (and its form, for owners), planned against published by period. */
export function Cadence({ community, role, report: r, spec, csv }: { community: Community; role: StaffAccess; report: InsightsReport; spec: TableSpec; csv: string }) {
  const { plan, cadence } = r.content;
  const word = plan.period;
  const complete = cadence.filter((p) => p.complete);
  const kept = complete.filter((p) => p.planned !== null && p.delivered >= p.planned).length;
  const published = cadence.reduce((a, p) => a + p.delivered, 0);
  const reading =
    plan.target === null
      ? `${published} drops published in this range; no plan is set.`
      : `Plan: ${plan.target} drop${plan.target === 1 ? "" : "s"} a ${word}. The plan was kept in ${kept} of ${complete.length} complete ${word}s of this range.`;
  return (
    <div id="cadence">
      <h3>Cadence against the plan</h3>
      {canManage(role) ? (
        <form method="post" action={`/c/${community.slug}/admin/insights/plan`} class="card">
          <div class="filters">
            <TextField id="plan-target" name="target" label="Drops planned" inputmode="numeric" maxlength={3} value={plan.target} hint="Leave empty for no plan" />
            <SelectField
              id="plan-period"
              name="period"
              label="Per"
              value={plan.period}
              options={[
                { value: "week", label: "Week" },
                { value: "month", label: "Month" },
              ]}
            />
            <div class="actions">
              <button type="submit" class="btn secondary">
                Save plan
              </button>
            </div>
          </div>
        </form>
      ) : null}
      <Plot
        id="plot-cadence"
        title={`Drops planned and published by ${word}`}
        reading={reading}
        yLabel="Drops"
        series={[
          ...(plan.target === null ? [] : [{ label: "Planned", points: cadence.map((p) => ({ day: p.start, value: p.planned ?? 0 })) }]),
          { label: "Published", points: cadence.map((p) => ({ day: p.start, value: p.delivered })) },
        ]}
      />
      <details>
        <summary>{spec.title} (table)</summary>
        <TableView id="cadence" spec={spec} csv={csv} />
      </details>
    </div>
  );
}
