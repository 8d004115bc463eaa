import { describe, expect, it } from "vitest";
import { createDrop } from "../../src/content/drops";
import { call, signIn, tools } from "../helpers";
import { contentCommunity, HOUR, OWNER, staggeredDrop } from "./helpers";

describe("the content calendar", () => {
  it("draws each staggered release and planned drafts, in even columns, and counts a later release as scheduled", async () => {
    const { community, member, core } = await contentCommunity();
    const { deps } = tools();
    const now = deps.now().getTime();
    // Core got it two days ago; Members get it in three days. Nothing else is planned.
    await staggeredDrop(community, { member, core }, { title: "Hiring playbook", publishAt: new Date(now - 2 * 24 * HOUR), memberDelayHours: 5 * 24 });
    await createDrop(deps, community, { title: "Pricing teardown", body: "", topics: ["pricing"], status: "draft", publishAt: new Date(now + 2 * 24 * HOUR).toISOString(), targets: [{ tierId: member.id, offsetHours: 0 }], dripDays: null }, OWNER);
    const owner = await signIn(OWNER);
    const page = await (await call(`/c/${community.slug}/admin/content`, { cookie: owner, headers: { accept: "text/html" } })).text();
    const calendar = page.slice(page.indexOf('data-testid="calendar"'), page.indexOf("</table>", page.indexOf('data-testid="calendar"')));

    // One entry per release date, each naming the tiers it reaches.
    expect(calendar.match(/Hiring playbook/g)).toHaveLength(2);
    expect(calendar).toContain(`>${core.name}</span>`);
    expect(calendar).toContain(`>${member.name}</span>`);
    // The planned draft is drawn, marked as a draft.
    expect(calendar).toMatch(/data-draft="1"[^>]*>Draft: Pricing teardown/);
    // Seven equal columns.
    expect(calendar).toContain("table-layout:fixed");
    expect(calendar.match(/style="width:14.285%"/g)).toHaveLength(7);
    // The Members release in three days is something scheduled; the draft is not, but no warning is due.
    expect(page).not.toContain("Nothing is scheduled in the next 7 days.");
    // Delays read in days, the unit the editor asks in.
    expect(page).toContain(`${member.name} after 5 days`);
  });
});
