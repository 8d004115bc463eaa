import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { applicationEvents, applicationNotes, applications, emails, moneyActions } from "../../drizzle";
import { submitApplication } from "../../src/applications/service";
import { archiveQuestion } from "../../src/communities/service";
import { decideApplication } from "../../src/review/decisions";
import { call, postForm, signIn, tools } from "../helpers";
import { apply, OWNER, readApplication, reviewCommunity } from "./helpers";

async function eventsOf(applicationId: string, kind: string) {
  const { db } = tools().deps;
  return db.select().from(applicationEvents).where(and(eq(applicationEvents.applicationId, applicationId), eq(applicationEvents.kind, kind)));
}

async function emailsTo(address: string, kind: string) {
  const { db } = tools().deps;
  return db.select().from(emails).where(and(eq(emails.to, address), eq(emails.kind, kind)));
}

describe("an application's page", () => {
  let ctx: Awaited<ReturnType<typeof reviewCommunity>>;
  let owner: string;

  beforeAll(async () => {
    ctx = await reviewCommunity();
    owner = await signIn(OWNER);
  });

  const page = async (id: string, query = "") => {
    const res = await call(`${ctx.admin}/applications/${id}${query}`, { cookie: owner });
    expect(res.status).toBe(200);
    return res.text();
  };

  it("shows every answer under its question, archived questions included", async () => {
    const app = await apply(ctx.community, ctx.q, {
      name: "Grace Hopper",
      strengths: "Compilers\nand teaching <admirals>",
      wants: ["Advice", "Hiring"],
      flagReasons: ["What do you want?: Cofounder"],
    });
    await archiveQuestion(tools().deps, ctx.community.id, ctx.q.role);
    const html = await page(app.id);
    expect(html).toContain("Grace Hopper");
    expect(html).toContain(app.email);
    expect(html).toContain("What is your role?");
    expect(html).toContain("(archived question)");
    expect(html).toContain("Engineer");
    expect(html).toContain("What are you good at?");
    // Line breaks kept (the answers list preserves whitespace), markup escaped.
    expect(html).toContain("Compilers\nand teaching &lt;admirals&gt;");
    expect(html).toContain("<li>Advice</li>");
    expect(html).toContain("<li>Hiring</li>");
    expect(html).toContain("What do you want?: Cofounder");
    expect(html).toContain("Rules accepted");
    expect(html).toContain("No fee");
    expect(html).toContain("Submitted");
    expect(html).toContain('<label for="reason">Reason (shown to the applicant)</label>');
    expect(html).toContain('<label for="note">Note</label>');
    // A free application moves no money whatever the decision; the page says so.
    expect(html).toContain("No fee: no money moves.");
  });

  it("saves a private note", async () => {
    const app = await apply(ctx.community, ctx.q);
    const res = await postForm(`${ctx.admin}/applications/${app.id}/notes`, { body: "Strong answers.\nCall them." }, owner);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toContain("done=noted");
    const notes = await tools().deps.db.select().from(applicationNotes).where(eq(applicationNotes.applicationId, app.id));
    expect(notes).toMatchObject([{ body: "Strong answers.\nCall them.", authorEmail: OWNER }]);
    const html = await page(app.id, "?done=noted");
    expect(html).toContain("Note added.");
    expect(html).toContain("Strong answers.\nCall them.");
  });

  it("refuses an empty note and says why", async () => {
    const app = await apply(ctx.community, ctx.q);
    const res = await postForm(`${ctx.admin}/applications/${app.id}/notes`, { body: "   " }, owner);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("A note cannot be empty");
  });

  it.each([
    ["approve", "approved", "decision_approved"],
    ["reject", "rejected", "decision_rejected"],
    ["waitlist", "waitlisted", "decision_waitlisted"],
  ] as const)("%s changes the status, records it and emails the applicant", async (decision, status, kind) => {
    const app = await apply(ctx.community, ctx.q);
    const res = await postForm(`${ctx.admin}/applications/${app.id}/decision`, { decision, reason: "Thanks for applying" }, owner);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`${ctx.admin}/applications/${app.id}?done=${status}`);
    const fresh = await readApplication(app.id);
    expect(fresh.status).toBe(status);
    expect(fresh.decidedBy).toBe(OWNER);
    expect(fresh.paymentStatus).toBe("none");
    expect(await eventsOf(app.id, status)).toHaveLength(1);
    expect(await emailsTo(app.email, kind)).toHaveLength(1);
    expect(await tools().deps.db.select().from(moneyActions).where(eq(moneyActions.applicationId, app.id))).toHaveLength(0);
    const html = await page(app.id, `?done=${status}`);
    expect(html).toContain("The applicant has been emailed.");
  });

  it("puts the rejection reason in the applicant's email", async () => {
    const app = await apply(ctx.community, ctx.q);
    await postForm(`${ctx.admin}/applications/${app.id}/decision`, { decision: "reject", reason: "We look for people who run teams." }, owner);
    const [mail] = await emailsTo(app.email, "decision_rejected");
    expect(mail!.text).toContain("We look for people who run teams.");
  });

  it("offers only the decisions valid for the current status", async () => {
    const app = await apply(ctx.community, ctx.q);
    const open = await page(app.id);
    for (const d of ["approve", "reject", "waitlist"]) expect(open).toContain(`name="decision" value="${d}"`);
    await decideApplication(tools().deps, ctx.community, { applicationId: app.id, decision: "approve", actor: OWNER });
    const approved = await page(app.id);
    expect(approved).not.toContain('name="decision" value=');
    expect(approved).toContain("there is no decision to make");
  });

  it("a double click approves once: one timeline entry, one email", async () => {
    const app = await apply(ctx.community, ctx.q);
    const url = `${ctx.admin}/applications/${app.id}/decision`;
    const first = await postForm(url, { decision: "approve" }, owner);
    const second = await postForm(url, { decision: "approve" }, owner);
    expect(first.headers.get("location")).toContain("done=approved");
    expect(second.status).toBe(303);
    expect(second.headers.get("location")).toContain("done=unchanged");
    expect(await eventsOf(app.id, "approved")).toHaveLength(1);
    expect(await emailsTo(app.email, "decision_approved")).toHaveLength(1);
    expect(await page(app.id, "?done=unchanged")).toContain("Nothing changed");
  });

  it("two concurrent approvals record one decision", async () => {
    const app = await apply(ctx.community, ctx.q);
    const url = `${ctx.admin}/applications/${app.id}/decision`;
    const results = await Promise.all([postForm(url, { decision: "approve" }, owner), postForm(url, { decision: "approve" }, owner)]);
    expect(results.map((r) => r.status)).toEqual([303, 303]);
    const outcomes = results.map((r) => new URL(r.headers.get("location")!, "http://x").searchParams.get("done")).sort();
    expect(outcomes).toEqual(["approved", "unchanged"]);
    expect((await readApplication(app.id)).status).toBe("approved");
    expect(await eventsOf(app.id, "approved")).toHaveLength(1);
    expect(await emailsTo(app.email, "decision_approved")).toHaveLength(1);
  });

  it("refuses an unknown decision with a 400 naming the field", async () => {
    const app = await apply(ctx.community, ctx.q);
    const res = await postForm(`${ctx.admin}/applications/${app.id}/decision`, { decision: "ban" }, owner);
    expect(res.status).toBe(400);
    const body = await res.text();
    expect(body).toContain("decision");
    expect((await readApplication(app.id)).status).toBe("under_review");
  });

  it("shows a conflicting decision on the page with a 409", async () => {
    const app = await apply(ctx.community, ctx.q);
    await decideApplication(tools().deps, ctx.community, { applicationId: app.id, decision: "reject", actor: OWNER });
    const res = await call(`${ctx.admin}/applications/${app.id}/decision`, {
      method: "POST",
      cookie: owner,
      body: new URLSearchParams({ decision: "waitlist" }),
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html" },
    });
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain("it cannot be waitlisted now");
    expect(html).toContain(app.name);
    expect((await readApplication(app.id)).status).toBe("rejected");
  });

  it("shows the timeline", async () => {
    const app = await apply(ctx.community, ctx.q);
    await postForm(`${ctx.admin}/applications/${app.id}/decision`, { decision: "reject", reason: "Not now" }, owner);
    const html = await page(app.id);
    expect(html).toContain("Timeline");
    expect(html).toMatch(/<strong>Rejected<\/strong>[^<]*owner@example\.com/);
    expect(html).toContain("Reason: Not now");
    expect(html).toContain("<strong>Submitted</strong>");
  });

  it("warns about a card hold about to lapse and explains what each decision does with it", async () => {
    const app = await apply(ctx.community, ctx.q, { name: "Held Card" });
    const { deps } = tools();
    const expires = new Date(deps.now().getTime() + 20 * 3_600_000);
    await deps.db
      .update(applications)
      .set({ feeAmount: 2500, currency: "usd", feePolicy: "authorize_capture", paymentStatus: "held", paymentIntentId: "pi_test", holdExpiresAt: expires })
      .where(eq(applications.id, app.id));
    const html = await page(app.id);
    expect(html).toContain("Card hold expiring.");
    expect(html).toContain(`Card hold of $25.00, expires ${expires.toISOString().slice(0, 16).replace("T", " ")} UTC`);
    expect(html).toContain("Approving captures the $25.00 hold.");
    expect(html).toContain("Rejecting releases the $25.00 hold; nothing is charged.");
  });

  it("renders an application written by the real submission path, flags included", async () => {
    const fresh = await reviewCommunity();
    const app = await submitApplication(tools().deps, fresh.community, {
      name: "Real Path",
      email: "real-path@example.com",
      acceptRules: true,
      answers: { [fresh.q.role]: "Founder", [fresh.q.strengths]: "Shipping things", [fresh.q.wants]: ["Cofounder"] },
    });
    expect(app.flagged).toBe(true);
    const queue = await (await call(`${fresh.admin}/applications?flagged=1`, { cookie: owner })).text();
    expect(queue).toContain("Real Path");
    const html = await (await call(`${fresh.admin}/applications/${app.id}`, { cookie: owner })).text();
    expect(html).toContain("Shipping things");
    expect(html).toContain("What do you want?: Cofounder");
  });
});
