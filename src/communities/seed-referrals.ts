import { and, eq, inArray } from "drizzle-orm";
import { applications, promotionCodes, referralLinks, referrals, referrerTotals, tiers } from "../../drizzle";
import type { Deps } from "../env";
import { newId, newSecretToken } from "../lib/ids";
import { createPromotionCode } from "../promotions/codes";
import { promotionCodeCreateSchema } from "../promotions/schemas";
import { programOf, saveProgram } from "../referrals/program";

/**
 * The demo's growth: a referral offer (20% off the fee, a month's credit for the member), four
 * members' invitation links, the members they brought over the past months (rewarded, one refunded
 * and taken back, one still in review), and three promotion codes with their uses. Idempotent: a
 * community with a referral offer is left as it is. Runs after the space seed (it names its people).
 */

const DAY = 86_400_000;
const PEOPLE: [referrer: string, referred: string, status: "rewarded" | "reversed" | "applied"][] = [
  ["maya@example.com", "chloe.martin@example.com", "rewarded"],
  ["maya@example.com", "hana.kim@example.com", "rewarded"],
  ["dev.patel@example.com", "lukas.meyer@example.com", "rewarded"],
  ["amara.nwosu@example.com", "sofia.ramos@example.com", "reversed"],
  ["maya@example.com", "tomas.novak@example.com", "applied"],
];

export async function seedDemoReferrals(deps: Deps, communityId: string): Promise<void> {
  if (await programOf(deps.db, communityId)) return;
  const community = await deps.db.query.communities.findFirst({ where: (c, { eq }) => eq(c.id, communityId) });
  if (!community) return;
  const now = deps.now().getTime();
  const emails = [...new Set(PEOPLE.flatMap(([a, b]) => [a, b]))];
  const apps = await deps.db.select().from(applications).where(and(eq(applications.communityId, communityId), inArray(applications.email, emails)));
  const appOf = (email: string) => apps.find((a) => a.email === email);
  if (!PEOPLE.every(([, referred]) => appOf(referred))) return; // the space seed did not run

  await saveProgram(deps, community, { active: true, refereeTarget: "fee", refereePercentOff: 20, refereeAmountOff: null, rewardKind: "credit", rewardValue: 0, refundWindowDays: 30 }, "owner@example.com");
  const links = new Map<string, string>();
  const rows = [];
  for (const referrer of new Set(PEOPLE.map(([r]) => r))) {
    const id = newId("rfl");
    links.set(referrer, id);
    rows.push(deps.db.insert(referralLinks).values({ id, communityId, email: referrer, token: newSecretToken(), createdAt: new Date(now - 200 * DAY) }));
  }
  const totals = new Map<string, { brought: number; joined: number; discountTotal: number; creditTotal: number; revenue: number }>();
  for (const [referrer, referred, status] of PEOPLE) {
    const app = appOf(referred)!;
    const at = app.createdAt;
    const joined = status === "rewarded";
    rows.push(
      deps.db.insert(referrals).values({
        id: newId("ref"),
        communityId,
        linkId: links.get(referrer)!,
        referrerEmail: referrer,
        referredEmail: referred,
        applicationId: app.id,
        status,
        discountAmount: 500,
        firstPaymentAmount: status === "applied" ? null : 2900,
        rewardKind: status === "applied" ? null : "credit",
        rewardAmount: status === "applied" ? null : 2900,
        windowEndsAt: status === "applied" ? null : new Date(at.getTime() + 33 * DAY),
        note: status === "reversed" ? "The first month was refunded within the window" : null,
        rewardedAt: status === "applied" ? null : new Date(at.getTime() + 3 * DAY),
        reversedAt: status === "reversed" ? new Date(at.getTime() + 10 * DAY) : null,
        createdAt: at,
        updatedAt: at,
      }),
    );
    const t = totals.get(referrer) ?? { brought: 0, joined: 0, discountTotal: 0, creditTotal: 0, revenue: 0 };
    t.brought += 1;
    t.discountTotal += 500;
    if (joined) Object.assign(t, { joined: t.joined + 1, creditTotal: t.creditTotal + 2900, revenue: t.revenue + 2900 });
    totals.set(referrer, t);
  }
  for (const [email, t] of totals) rows.push(deps.db.insert(referrerTotals).values({ communityId, email, ...t }));
  await deps.db.batch(rows as [(typeof rows)[0], ...typeof rows]);

  const member = await deps.db.query.tiers.findFirst({ where: and(eq(tiers.communityId, communityId), eq(tiers.name, "Member")) });
  const codes: [Record<string, unknown>, { redeemed: number; revenue: number; discountTotal: number }][] = [
    [{ code: "WELCOME10", target: "fee", percentOff: 10, maxRedemptions: 50, firstTimeOnly: true }, { redeemed: 7, revenue: 7 * 2250, discountTotal: 7 * 250 }],
    [{ code: "SPRING", target: "fee", amountOff: 1000, maxRedemptions: 20, expiresAt: new Date(now + DAY) }, { redeemed: 20, revenue: 20 * 1500, discountTotal: 20 * 1000 }],
    ...(member ? [[{ code: "FIRSTMONTH", target: "tier", tierId: member.id, percentOff: 50 }, { redeemed: 3, revenue: 3 * 1450, discountTotal: 3 * 1450 }] as [Record<string, unknown>, { redeemed: number; revenue: number; discountTotal: number }]] : []),
  ];
  for (const [input, counts] of codes) {
    const code = await createPromotionCode(deps, community, promotionCodeCreateSchema.parse(input), "owner@example.com");
    await deps.db.update(promotionCodes).set({ ...counts, createdAt: new Date(now - 90 * DAY) }).where(eq(promotionCodes.id, code.id));
  }
}
