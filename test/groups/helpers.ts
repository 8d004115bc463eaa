import { eq } from "drizzle-orm";
import { expect } from "vitest";
import { applicationGroups, applications, groupSeats, moneyActions, type GroupUnfilledRule } from "../../drizzle";
import { saveGroupOffer } from "../../src/groups/offer";
import { call, makeCommunity, payCheckout, postForm, tools } from "../helpers";

/** A community with a 25.00 fee (normally non-refundable) and a group offer: 15.00 each in a group of `size`. */
export async function groupCommunity(opts: { size?: number; onUnfilled?: GroupUnfilledRule; hours?: number } = {}) {
  const { community, questionIds } = await makeCommunity({ feeAmount: 2500, feePolicy: "non_refundable" });
  await saveGroupOffer(tools().deps, community, { enabled: true, size: opts.size ?? 3, groupFee: 1500, hours: opts.hours ?? 48, onUnfilled: opts.onUnfilled ?? "capture_full" });
  return { community, questionIds };
}

export type GroupCommunity = Awaited<ReturnType<typeof groupCommunity>>;

export function applicant(tag: string) {
  return { name: `Friend ${tag}`, email: `${tag}-${crypto.randomUUID().slice(0, 8)}@example.com` };
}

function fields(c: GroupCommunity, who: { name: string; email: string }) {
  return { name: who.name, email: who.email, accept_rules: "yes", [`q_${c.questionIds[0]}`]: "Founder" };
}

/** Applies through the group pages (start, or join by link); returns the Checkout URL or the refusal. */
export function applyInGroup(c: GroupCommunity, who: { name: string; email: string }, groupId?: string) {
  const path = groupId ? `/c/${c.community.slug}/group/${groupId}` : `/c/${c.community.slug}/group`;
  return postForm(path, fields(c, who));
}

/** Applies and authorises on the emulator's checkout page, then lets the webhooks arrive. */
export async function applyAndAuthorise(c: GroupCommunity, who: { name: string; email: string }, groupId?: string) {
  const res = await applyInGroup(c, who, groupId);
  expect(res.status, await res.clone().text()).toBe(303);
  await payCheckout(res.headers.get("location")!);
  await tools().emulator.deliverPending();
  return applicationOf(who.email);
}

export async function applicationOf(email: string) {
  return (await tools().deps.db.query.applications.findFirst({ where: eq(applications.email, email) }))!;
}

export async function groupOfApplication(applicationId: string) {
  const { db } = tools().deps;
  const [seat] = await db.select().from(groupSeats).where(eq(groupSeats.applicationId, applicationId));
  const [group] = await db.select().from(applicationGroups).where(eq(applicationGroups.id, seat!.groupId));
  return group!;
}

export async function moneyOf(applicationId: string) {
  return tools().deps.db.select().from(moneyActions).where(eq(moneyActions.applicationId, applicationId));
}

/** What Stripe holds for an application's payment. */
export async function intentOf(applicationId: string) {
  const app = (await tools().deps.db.query.applications.findFirst({ where: eq(applications.id, applicationId) }))!;
  return tools().deps.stripe.paymentIntents.retrieve(app.paymentIntentId!, { expand: ["latest_charge"] });
}

export async function statusPage(statusToken: string) {
  return (await call(`/a/${statusToken}`)).text();
}
