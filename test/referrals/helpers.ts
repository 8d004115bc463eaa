import { eq } from "drizzle-orm";
import type Stripe from "stripe";
import { applications, type Community, type Tier } from "../../drizzle";
import { submitApplication } from "../../src/applications/service";
import { decideApplication } from "../../src/review/decisions";
import { saveProgram } from "../../src/referrals/program";
import type { ReferralProgramInput } from "../../src/referrals/schemas";
import { createTier } from "../../src/tiers/service";
import { call, makeCommunity, payCheckout, postForm, tools } from "../helpers";
import { joinAndPay, sendSigned } from "../memberships/helpers";

/** A community with a $25 fee and a $29/month ($290/year) tier. */
export async function growthCommunity(fee = 2500) {
  const { deps } = tools();
  const { community, questionIds } = await makeCommunity({ feeAmount: fee }, [{ kind: "short_text", label: "What is your role?", required: true }]);
  const base = { description: "", perks: [], visibility: "public" as const, trialDays: 0, currency: "usd" as const, capacity: null };
  const tier = await createTier(deps, community.id, { ...base, name: "Member", rank: 1, monthlyAmount: 2900, yearlyAmount: 29000 }, "owner@example.com");
  return { community, tier, questionId: questionIds[0]! };
}

/** A paying member (approved without a fee, joined and paid their first invoice). */
export async function payingMember(community: Community, tier: Tier, email: string, questionId: string) {
  const { deps } = tools();
  const app = await submitApplication(deps, { ...community, feeAmount: 0 }, { name: email.split("@")[0]!, email, acceptRules: true, answers: { [questionId]: "Host" } });
  await decideApplication(deps, community, { applicationId: app.id, decision: "approve", actor: "owner@example.com" });
  const joined = await joinAndPay(community, tier, email);
  await tools().emulator.deliverPending();
  return joined;
}

export async function offer(community: Community, input: Partial<ReferralProgramInput> = {}) {
  return saveProgram(tools().deps, community, { active: true, refereeTarget: "fee", refereePercentOff: 20, refereeAmountOff: null, rewardKind: "credit", rewardValue: 0, refundWindowDays: 30, ...input }, "owner@example.com");
}

/** The cookies a response set, as a Cookie header. */
export function cookiesOf(res: Response): string {
  return (res.headers as unknown as { getSetCookie(): string[] }).getSetCookie().map((c) => c.split(";")[0]).join("; ");
}

/** A friend follows the link (cookie), applies, and pays the fee on the emulator. */
export async function applyThrough(community: Community, questionId: string, token: string | null, email: string, extra: Record<string, string> = {}) {
  let cookie = "";
  if (token) {
    const visit = await call(`/r/${token}`);
    if (visit.status !== 303) throw new Error(`link visit ${visit.status}: ${await visit.text()}`);
    cookie = cookiesOf(visit);
  }
  const res = await postForm(`/c/${community.slug}/apply`, { name: "Friend", email, accept_rules: "yes", [`q_${questionId}`]: "Designer", ...extra }, cookie);
  return { res, cookie };
}

export async function applyAndPay(community: Community, questionId: string, token: string | null, email: string, extra: Record<string, string> = {}) {
  const { res } = await applyThrough(community, questionId, token, email, extra);
  if (res.status !== 303) throw new Error(`apply ${res.status}: ${await res.text()}`);
  const location = res.headers.get("location")!;
  const sessionId = new URL(location).pathname.split("/").pop()!;
  const session = await tools().deps.stripe.checkout.sessions.retrieve(sessionId);
  await payCheckout(location);
  await tools().emulator.deliverPending();
  const app = (await tools().deps.db.query.applications.findFirst({ where: eq(applications.email, email) }))!;
  return { app, session };
}

/** The same event again under a new id: what a second Stripe notification of one change looks like. */
export async function resend(type: string, objectId: string) {
  const events = await tools().emulator.listEvents();
  const event = events.filter((e) => e.type === type && (e.data.object as { id: string }).id === objectId).at(-1) as Stripe.Event;
  if (!event) throw new Error(`no ${type} for ${objectId}`);
  const res = await sendSigned({ ...event, id: `evt_dup_${crypto.randomUUID().slice(0, 12)}` });
  if (res.status !== 200) throw new Error(`resend ${res.status}: ${await res.text()}`);
}

export async function balanceOf(customer: string) {
  return ((await tools().deps.stripe.customers.retrieve(customer)) as Stripe.Customer).balance;
}
