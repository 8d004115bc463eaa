import { describe, expect, it } from "vitest";
import { call, signIn } from "../helpers";
import { apply, OWNER, reviewCommunity } from "./helpers";

const at = (minutes: number) => new Date(Date.UTC(2026, 0, 10, 12, minutes));

describe("moving through the review queue", () => {
  it("links each application to the ones before and after it, within the queue's filters", async () => {
    const { community, q, admin } = await reviewCommunity();
    const oldest = await apply(community, q, { name: "Oldest", submittedAt: at(1) });
    const flagged = await apply(community, q, { name: "Flagged middle", submittedAt: at(2), flagReasons: ["Cofounder"] });
    const newest = await apply(community, q, { name: "Newest", submittedAt: at(3) });
    const owner = await signIn(OWNER);

    // Newest first, as the queue lists them: Newest -> Flagged middle -> Oldest.
    const middle = await (await call(`${admin}/applications/${flagged.id}`, { cookie: owner })).text();
    expect(middle).toContain(`rel="prev" href="${admin}/applications/${newest.id}">Previous: Newest</a>`);
    expect(middle).toContain(`rel="next" href="${admin}/applications/${oldest.id}">Next: Oldest</a>`);
    const first = await (await call(`${admin}/applications/${newest.id}`, { cookie: owner })).text();
    expect(first).not.toContain('rel="prev"');
    expect(first).toContain(`Next: Flagged middle`);

    // Opened from the "flagged only" view, the neighbours are flagged ones only: here, none.
    const filtered = await (await call(`${admin}/applications/${flagged.id}?flagged=1`, { cookie: owner })).text();
    expect(filtered).not.toContain('rel="prev"');
    expect(filtered).not.toContain('rel="next"');
    expect(filtered).toContain(`href="${admin}/applications?flagged=1">← Back to the list</a>`);
    // And the queue passes its filters on to each application it links.
    const queue = await (await call(`${admin}/applications?flagged=1`, { cookie: owner })).text();
    expect(queue).toContain(`href="${admin}/applications/${flagged.id}?flagged=1"`);
  });

  it("selects every application on the page without a script", async () => {
    const { community, q, admin } = await reviewCommunity();
    for (const name of ["Ann", "Bo", "Cy"]) await apply(community, q, { name });
    const owner = await signIn(OWNER);
    const plain = await (await call(`${admin}/applications?status=under_review`, { cookie: owner })).text();
    expect(plain.match(/name="ids" value="[^"]+" checked/g)).toBeNull();
    expect(plain).toContain(`href="${admin}/applications?status=under_review&amp;select=all#bulk">Select all 3 on this page</a>`);
    const all = await (await call(`${admin}/applications?status=under_review&select=all`, { cookie: owner })).text();
    expect(all.match(/name="ids" value="[^"]+" checked/g)?.length).toBe(3);
    expect(all).toContain("Clear selection");
  });

  it("focuses the error when a bulk action names nothing", async () => {
    const { community, q, admin } = await reviewCommunity();
    await apply(community, q, { name: "Ann" });
    const owner = await signIn(OWNER);
    const res = await call(`${admin}/applications/bulk`, {
      method: "POST",
      cookie: owner,
      body: new URLSearchParams({ action: "approve", back: "" }),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/role="alert" tabindex="-1" autofocus="">Select at least one application\./);
  });
});
