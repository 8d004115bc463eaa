import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { applicationEvents, applications, emails, moneyActions } from "../../drizzle";
import { decideApplication } from "../../src/review/decisions";
import { call, makeCommunity, postForm, signIn, tools } from "../helpers";
import { apply, OWNER, readApplication, reviewCommunity } from "./helpers";

const day = (iso: string) => new Date(`${iso}T12:00:00Z`);

describe("the review queue", () => {
  let ctx: Awaited<ReturnType<typeof reviewCommunity>>;
  let owner: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    ctx = await reviewCommunity();
    owner = await signIn(OWNER);
    ids.ann = (await apply(ctx.community, ctx.q, { name: "Ann Early", submittedAt: day("2026-01-05"), flagReasons: ["What do you want?: Cofounder"] })).id;
    ids.ben = (await apply(ctx.community, ctx.q, { name: "Ben Middle", submittedAt: day("2026-02-10") })).id;
    ids.zed = (await apply(ctx.community, ctx.q, { name: "Zelda Quinn", email: "zq@quinn.example", submittedAt: day("2026-03-15") })).id;
    const dan = await apply(ctx.community, ctx.q, { name: "Dan Approved", submittedAt: day("2026-03-20") });
    ids.dan = dan.id;
    await decideApplication(tools().deps, ctx.community, { applicationId: dan.id, decision: "approve", actor: OWNER });
  });

  const queue = async (query = "") => {
    const res = await call(`${ctx.admin}/applications${query}`, { cookie: owner });
    expect(res.status).toBe(200);
    return res.text();
  };
  const names = (html: string) => ["Ann Early", "Ben Middle", "Zelda Quinn", "Dan Approved"].filter((n) => html.includes(n));

  it("lists every application with counts per status", async () => {
    const html = await queue();
    expect(names(html)).toEqual(["Ann Early", "Ben Middle", "Zelda Quinn", "Dan Approved"]);
    expect(html).toContain("All (4)");
    expect(html).toContain("Under review (3)");
    expect(html).toContain("Approved (1)");
    expect(html).toMatch(/<label[^>]*for="select-[^"]+"[^>]*>Select Ann Early<\/label>/);
    expect(html).toContain('<label for="filter-from">Submitted from</label>');
    expect(html).toContain('<label for="filter-to">Submitted to</label>');
    expect(html).toContain("Apply to selected");
  });

  it("filters by status", async () => {
    expect(names(await queue("?status=approved"))).toEqual(["Dan Approved"]);
    expect(names(await queue("?status=under_review"))).toEqual(["Ann Early", "Ben Middle", "Zelda Quinn"]);
  });

  it("filters by submission date, both ends inclusive", async () => {
    expect(names(await queue("?from=2026-02-01&to=2026-03-15"))).toEqual(["Ben Middle", "Zelda Quinn"]);
    expect(names(await queue("?from=2026-03-16"))).toEqual(["Dan Approved"]);
  });

  it("filters flagged applications and shows why on the badge column", async () => {
    const html = await queue("?flagged=1");
    expect(names(html)).toEqual(["Ann Early"]);
    expect(html).toContain("Flagged");
  });

  it("searches by name or email, case-insensitively", async () => {
    expect(names(await queue("?q=zelda"))).toEqual(["Zelda Quinn"]);
    expect(names(await queue("?q=QUINN.example"))).toEqual(["Zelda Quinn"]);
    const none = await queue("?q=nobody-here");
    expect(names(none)).toEqual([]);
    expect(none).toContain("No applications match these filters.");
  });

  it("refuses a bad filter value with a 400 naming the field", async () => {
    const status = await call(`${ctx.admin}/applications?status=bogus`, { cookie: owner });
    expect(status.status).toBe(400);
    expect(await status.text()).toContain("status");
    const date = await call(`${ctx.admin}/applications?from=2026-13-45`, { cookie: owner });
    expect(date.status).toBe(400);
    expect(await date.text()).toContain("from");
  });

  it("pages through a long queue with a cursor", async () => {
    const big = await reviewCommunity();
    for (let i = 0; i < 52; i++) await apply(big.community, big.q, { name: `Pager ${String(i).padStart(2, "0")}`, submittedAt: new Date(Date.UTC(2026, 0, 1, 0, i)) });
    const first = await (await call(`${big.admin}/applications`, { cookie: owner })).text();
    expect(first).toContain("Pager 51");
    expect(first).not.toContain("Pager 01");
    const next = first.match(/href="([^"]*cursor=[^"]*)">Next page/)?.[1];
    expect(next).toBeTruthy();
    const second = await (await call(next!.replace(/&amp;/g, "&"), { cookie: owner })).text();
    expect(second).toContain("Pager 01");
    expect(second).toContain("Pager 00");
    expect(second).not.toContain("Pager 51");
    expect(second).not.toContain("Next page");
  });

  it("shows an empty state for a new community", async () => {
    const { community } = await makeCommunity({ feeAmount: 0 });
    const html = await (await call(`/c/${community.slug}/admin/applications`, { cookie: owner })).text();
    expect(html).toContain("No applications yet.");
  });
});

describe("bulk decisions", () => {
  let ctx: Awaited<ReturnType<typeof reviewCommunity>>;
  let owner: string;

  beforeAll(async () => {
    ctx = await reviewCommunity();
    owner = await signIn(OWNER);
  });

  it("rejects three at once, emails each, and keeps money untouched", async () => {
    const apps = [await apply(ctx.community, ctx.q), await apply(ctx.community, ctx.q), await apply(ctx.community, ctx.q)];
    const res = await postForm(
      `${ctx.admin}/applications/bulk`,
      { ids: apps.map((a) => a.id), action: "reject", reason: "We are full this season", back: "status=under_review" },
      owner,
    );
    expect(res.status).toBe(303);
    const location = res.headers.get("location")!;
    expect(location).toContain("done=bulk");
    expect(location).toContain("status=under_review");
    const { db } = tools().deps;
    for (const app of apps) {
      const fresh = await readApplication(app.id);
      expect(fresh.status).toBe("rejected");
      expect(fresh.decisionReason).toBe("We are full this season");
      expect(fresh.paymentStatus).toBe("none");
      const mail = await db.select().from(emails).where(eq(emails.to, app.email));
      expect(mail.filter((m) => m.kind === "decision_rejected")).toHaveLength(1);
      expect(mail.find((m) => m.kind === "decision_rejected")!.text).toContain("We are full this season");
      expect(await db.select().from(moneyActions).where(eq(moneyActions.applicationId, app.id))).toHaveLength(0);
    }
    const html = await (await call(location, { cookie: owner })).text();
    expect(html).toContain("3 rejected.");
  });

  it("reports which applications could not be changed", async () => {
    const approved = await apply(ctx.community, ctx.q, { name: "Already In" });
    await decideApplication(tools().deps, ctx.community, { applicationId: approved.id, decision: "approve", actor: OWNER });
    const open = await apply(ctx.community, ctx.q, { name: "Still Open" });
    const waitlisted = await apply(ctx.community, ctx.q, { name: "Was Waiting" });
    await decideApplication(tools().deps, ctx.community, { applicationId: waitlisted.id, decision: "waitlist", actor: OWNER });
    const res = await postForm(`${ctx.admin}/applications/bulk`, { ids: [approved.id, open.id, waitlisted.id], action: "waitlist" }, owner);
    expect(res.status).toBe(303);
    const html = await (await call(res.headers.get("location")!, { cookie: owner })).text();
    expect(html).toContain("1 waitlisted. 1 already was waitlisted. 1 could not be changed: Already In (Approved).");
    expect((await readApplication(open.id)).status).toBe("waitlisted");
    expect((await readApplication(approved.id)).status).toBe("approved");
  });

  it("asks for a selection and a valid action instead of guessing", async () => {
    const app = await apply(ctx.community, ctx.q);
    const none = await postForm(`${ctx.admin}/applications/bulk`, { action: "reject" }, owner);
    expect(none.status).toBe(400);
    expect(await none.text()).toContain("Select at least one application.");
    const bad = await postForm(`${ctx.admin}/applications/bulk`, { ids: app.id, action: "delete" }, owner);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("Choose an action");
    expect((await readApplication(app.id)).status).toBe("under_review");
  });

  it("records one timeline entry per application", async () => {
    const app = await apply(ctx.community, ctx.q);
    await postForm(`${ctx.admin}/applications/bulk`, { ids: [app.id, app.id], action: "approve" }, owner);
    const events = await tools().deps.db.select().from(applicationEvents).where(eq(applicationEvents.applicationId, app.id));
    expect(events.filter((e) => e.kind === "approved")).toHaveLength(1);
    expect((await tools().deps.db.select().from(applications).where(eq(applications.id, app.id)))[0]!.status).toBe("approved");
  });
});
