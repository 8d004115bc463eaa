import { describe, expect, it } from "vitest";
import { count, eq } from "drizzle-orm";
import { applications } from "../../drizzle";
import { submitApplication } from "../../src/applications/service";
import { call, makeCommunity, postForm, tools, latestEmail } from "../helpers";
import type { QuestionInput } from "../../src/communities/schemas";

const QUESTIONS = [
  { kind: "short_text", label: "Role", required: true, maxLength: 50 },
  { kind: "long_text", label: "Strengths", required: true, minLength: 10, maxLength: 300 },
  { kind: "single_choice", label: "Industry", required: true, options: ["SaaS", "Health", "Spam"], knockout: { Spam: "reject" } },
  { kind: "multi_choice", label: "Wants", required: false, options: ["Advice", "Hiring", "Cofounder"], knockout: { Cofounder: "flag" } },
  { kind: "number", label: "Years", required: true, minValue: 0, maxValue: 60 },
  { kind: "url", label: "Site", required: false },
  { kind: "email", label: "Work email", required: false },
] as const;

async function setup(fee = 0) {
  const { community, questionIds } = await makeCommunity({ feeAmount: fee }, QUESTIONS as unknown as Partial<QuestionInput>[]);
  const [role, strengths, industry, wants, years, site, work] = questionIds;
  const valid = {
    name: "Ada Lovelace",
    email: `ada-${crypto.randomUUID().slice(0, 8)}@example.com`,
    accept_rules: "yes",
    [`q_${role}`]: "Engineer",
    [`q_${strengths}`]: "Analytical engines and clear notes",
    [`q_${industry}`]: "SaaS",
    [`q_${wants}`]: ["Advice", "Hiring"],
    [`q_${years}`]: "12",
    [`q_${site}`]: "https://ada.example.com",
    [`q_${work}`]: "ada@work.example.com",
  } as Record<string, string | string[]>;
  return { community, ids: { role, strengths, industry, wants, years, site, work }, valid };
}

async function applicationCount(communityId: string) {
  const { deps } = tools();
  const [{ n }] = await deps.db.select({ n: count() }).from(applications).where(eq(applications.communityId, communityId));
  return n;
}

describe("landing page", () => {
  it("shows the community, its rules, the fee and every question with a label", async () => {
    const { community } = await setup(2500);
    const res = await call(`/c/${community.slug}`, { headers: { accept: "text/html" } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Test Circle");
    expect(html).toContain("Be kind.");
    expect(html).toContain("$25.00");
    for (const q of QUESTIONS) expect(html).toContain(q.label);
    // Every text-like input has a label pointing at it.
    const ids = [...html.matchAll(/<(?:input|textarea)[^>]*\sid="([^"]+)"/g)].map((m) => m[1]);
    for (const id of ids) expect(html).toContain(`for="${id}"`);
  });

  it("answers 404 for an unknown community", async () => {
    const res = await call("/c/no-such-community", { headers: { accept: "text/html" } });
    expect(res.status).toBe(404);
    const api = await call("/c/no-such-community/apply", { method: "POST", body: new URLSearchParams({ name: "x" }) });
    expect(api.status).toBe(404);
  });
});

describe("submitting the questionnaire", () => {
  it("a free community goes straight to review and emails the status link", async () => {
    const { community, valid } = await setup(0);
    const res = await postForm(`/c/${community.slug}/apply`, valid);
    expect(res.status).toBe(303);
    const location = res.headers.get("location")!;
    expect(location).toMatch(/^\/a\/[0-9a-z]{32}$/);
    const status = await call(location);
    expect(await status.text()).toContain("Your application is in review");
    const mail = await latestEmail(valid.email as string, "submitted");
    expect(mail?.text).toContain(location);
    expect(await applicationCount(community.id)).toBe(1);
  });

  it("re-renders every field error with the answers kept, writing nothing", async () => {
    const { community, ids, valid } = await setup(0);
    const bad = {
      ...valid,
      [`q_${ids.role}`]: "x".repeat(51),
      [`q_${ids.strengths}`]: "",
      [`q_${ids.industry}`]: "Not an option",
      [`q_${ids.years}`]: "twelve",
      [`q_${ids.site}`]: "javascript:alert(1)",
      [`q_${ids.work}`]: "not-an-email",
      email: "nope",
    };
    delete (bad as Record<string, unknown>).accept_rules;
    const res = await postForm(`/c/${community.slug}/apply`, bad);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("Must be at most 50 characters");
    expect(html).toContain("This question is required");
    expect(html).toContain("Choose one of the listed options");
    expect(html).toContain("Enter a number");
    expect(html).toContain("Web addresses must start with http:// or https://");
    expect(html).toContain("Enter an email address like name@example.com");
    expect(html).toContain("You must accept the community rules");
    // The applicant's answers are still in the form.
    expect(html).toContain('value="twelve"');
    expect(html).toContain("Ada Lovelace");
    expect(await applicationCount(community.id)).toBe(0);
  });

  it("refuses a tampered amount or price field by name and writes nothing", async () => {
    const { community, valid } = await setup(2500);
    const res = await postForm(`/c/${community.slug}/apply`, { ...valid, amount: "1", price: "0" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("amount");
    expect(html).toContain("price");
    expect(html).toContain("Unknown field");
    expect(await applicationCount(community.id)).toBe(0);
  });

  it("refuses a second open application from the same email", async () => {
    const { community, valid } = await setup(0);
    expect((await postForm(`/c/${community.slug}/apply`, valid)).status).toBe(303);
    const again = await postForm(`/c/${community.slug}/apply`, { ...valid, email: (valid.email as string).toUpperCase() });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("already have an open application");
    expect(await applicationCount(community.id)).toBe(1);
    expect((await latestEmail(valid.email as string, "status_link"))?.text).toMatch(/\/a\/[0-9a-z]{32}/);
  });

  it("racing submissions from one email leave one application", async () => {
    const { community, valid } = await setup(0);
    const results = await Promise.all([1, 2, 3].map(() => postForm(`/c/${community.slug}/apply`, valid)));
    expect(results.map((r) => r.status).sort()).toEqual([303, 409, 409]);
    expect(await applicationCount(community.id)).toBe(1);
  });

  it("a knockout answer rejects at once without asking for the fee; a flag marks it", async () => {
    const { community, ids, valid } = await setup(2500);
    const res = await postForm(`/c/${community.slug}/apply`, { ...valid, [`q_${ids.industry}`]: "Spam" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toMatch(/^\/a\//);
    const page = await (await call(res.headers.get("location")!)).text();
    expect(page).toContain("Your application was not approved");
    const { deps } = tools();
    const rejected = await deps.db.query.applications.findFirst({ where: eq(applications.email, valid.email as string) });
    expect(rejected).toMatchObject({ status: "rejected", paymentStatus: "none", checkoutSessionId: null });

    const flaggedApp = await submitApplication(deps, community, {
      name: "Flag",
      email: "flag@example.com",
      acceptRules: true,
      answers: { [ids.role]: "PM", [ids.strengths]: "Ten characters at least", [ids.industry]: "SaaS", [ids.years]: 3, [ids.wants]: ["Cofounder"] },
    });
    expect(flaggedApp.flagged).toBe(true);
    expect(flaggedApp.flagReasons).toEqual(["Wants: Cofounder"]);
    expect(flaggedApp.status).toBe("awaiting_payment");
  });

  it("a paid community sends the applicant to Stripe Checkout for the server's amount", async () => {
    const { community, valid } = await setup(2500);
    const res = await postForm(`/c/${community.slug}/apply`, valid);
    expect(res.status).toBe(303);
    const checkoutUrl = res.headers.get("location")!;
    expect(checkoutUrl).toContain("/dev/stripe/checkout/cs_");
    const { deps } = tools();
    const session = await deps.stripe.checkout.sessions.retrieve(new URL(checkoutUrl).pathname.split("/").pop()!);
    expect(session.amount_total).toBe(2500);
    expect(session.currency).toBe("usd");
    expect(session.metadata?.application_id).toMatch(/^app_/);
  });

  it("the status page is unguessable: a wrong token is 404", async () => {
    const res = await call("/a/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", { headers: { accept: "text/html" } });
    expect(res.status).toBe(404);
  });
});
