import { describe, expect, it } from "vitest";
import { call, signIn, tools } from "../helpers";
import { feeExperiment, OWNER, seedCounters } from "./helpers";

describe("experiment results at low data", () => {
  it("says there is no data yet rather than naming a leader", async () => {
    const made = await feeExperiment({ prices: [2500, 4000, 5500] });
    const owner = await signIn(OWNER);
    const body = await (await call(`/c/${made.community.slug}/admin/experiments/${made.experiment.id}`, { cookie: owner })).text();
    expect(body).toContain('data-verdict="no_data"');
    expect(body).toContain("No data yet");
    expect(body).not.toContain("Best so far");
    // The experiments list agrees.
    const list = await (await call(`/c/${made.community.slug}/admin/experiments`, { cookie: owner })).text();
    expect(list).toContain("<td>No data yet</td>");
  });

  it("shows observed revenue per visitor next to the model's estimate, each labelled", async () => {
    const made = await feeExperiment({ prices: [2500, 4000] });
    // 3 of 10 paid $25 (observed $7.50 a visitor); 1 of 10 paid $40 ($4.00 a visitor).
    await seedCounters(made.experiment, made.variants, [{ exposures: 10, conversions: 3 }, { exposures: 10, conversions: 1 }], { days: 1, now: tools().deps.now() });
    const owner = await signIn(OWNER);
    const body = await (await call(`/c/${made.community.slug}/admin/experiments/${made.experiment.id}`, { cookie: owner })).text();
    expect(body).not.toContain('data-verdict="no_data"');
    expect(body).toContain("Revenue per visitor, observed");
    expect(body).toContain("Revenue per visitor, model estimate (95% interval)");
    expect(body).toMatch(/data-col="rpv-observed">\$7\.50</);
    expect(body).toMatch(/data-col="rpv-observed">\$4\.00</);
    // The model's figure is its own column, never the observed one dressed in the model's interval.
    const model = [...body.matchAll(/data-col="rpv-model">([^<]+)</g)].map((m) => m[1]);
    expect(model).toHaveLength(2);
    expect(model).not.toContain("$7.50");
  });
});
