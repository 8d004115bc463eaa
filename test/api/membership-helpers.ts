import { and, eq } from "drizzle-orm";
import { expect } from "vitest";
import { memberships, type Community } from "../../drizzle";
import { call, tools } from "../helpers";
import { approve } from "../memberships/helpers";
import { api, json, session } from "./helpers";

export const MODERATOR = "mod@example.com";

/**
 * An approved applicant joins `tierId` through the API, pays on the emulator's checkout, and the
 * webhook events are delivered: the membership is active when this returns.
 */
export async function joinAndActivate(community: Community, tierId: string, email: string, interval: "month" | "year" = "month") {
  await approve(community, email);
  const res = await api(`/communities/${community.slug}/join`, { method: "POST", auth: await session(email), body: { tierId, interval } });
  const body = await json(res);
  expect(res.status, JSON.stringify(body)).toBe(201);
  const paid = await call(`${new URL(body.checkoutUrl).pathname}/pay?deliver=0`, { method: "POST" });
  expect(paid.status).toBe(303);
  await tools().emulator.deliverPending();
  const m = await tools().deps.db.query.memberships.findFirst({ where: and(eq(memberships.communityId, community.id), eq(memberships.email, email)) });
  expect(m?.status).toBe("active");
  return { membershipId: m!.id, subscriptionId: m!.stripeSubscriptionId!, checkoutUrl: body.checkoutUrl as string };
}
