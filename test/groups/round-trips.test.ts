import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker, { devPlatform } from "../../src/dev";
import { buildDeps } from "../../src/lib/deps";
import type { Env } from "../../src/env";
import { joinGroup } from "../../src/groups/service";
import { countingD1 } from "../d1-counter";
import { BASE } from "../helpers";
import { applicant, applyAndAuthorise, groupCommunity, groupOfApplication } from "./helpers";

/** D1 round trips behind the group paths (each one costs tens of milliseconds from a faraway edge). */
describe("group round trips", () => {
  it("a join is one read batch and one write batch; a member's status page stays one batch", async () => {
    const c = await groupCommunity({ size: 3 });
    const first = await applyAndAuthorise(c, applicant("rt1"));
    const group = await groupOfApplication(first.id);
    const counter = countingD1(env.DB);
    const deps = buildDeps({ ...env, DB: counter.db } as Env, devPlatform);
    const who = applicant("rt2");
    counter.reset();
    await joinGroup(deps, c.community, group.id, { name: who.name, email: who.email, acceptRules: true, answers: { [c.questionIds[0]!]: "Founder" } });
    const join = counter.reset();
    expect(join.roundTrips).toBe(2);

    const res = await worker.fetch(new Request(`${BASE}/a/${first.statusToken}`, { headers: { accept: "text/html" } }), { ...env, DB: counter.db } as Env, createExecutionContext());
    const html = await res.text();
    const page = counter.reset();
    expect(html).toContain("2 of 3");
    // One batch: application, community, timeline, questions, and the group, its seats and the capture.
    expect(page.roundTrips).toBe(1);
    console.log(`group join: ${join.roundTrips} round trips, ${join.statements} statements; member status page: ${page.roundTrips} round trips, ${page.statements} statements`);
  });
});
