import { and, eq, isNull, sql } from "drizzle-orm";
import { experimentAssignments, experimentConversions, experimentDaily, experiments, experimentVariants } from "../../drizzle";
import type { Deps } from "../env";
import { newId } from "../lib/ids";
import { utcDay } from "./assignment";

export interface MoneyEvent {
  variantId: string | null;
  visitorId: string | null;
  /** The Stripe object that proves it (payment intent, invoice, refund); counted once. */
  source: string;
  /** Positive for a payment, negative for a refund. */
  amount: number;
}

/**
 * Attributes money to the variant the person was assigned. A payment within the conversion
 * window counts as a conversion (once per visitor) and adds revenue; a refund subtracts revenue.
 * The unique source id makes a replayed webhook a no-op; counters stay O(variants) to read.
 */
export async function recordMoney(deps: Deps, e: MoneyEvent): Promise<boolean> {
  if (!e.variantId || !e.visitorId || e.amount === 0) return false;
  const variant = await deps.db.query.experimentVariants.findFirst({ where: eq(experimentVariants.id, e.variantId) });
  if (!variant) return false;
  const experiment = (await deps.db.query.experiments.findFirst({ where: eq(experiments.id, variant.experimentId) }))!;
  const assignment = await deps.db.query.experimentAssignments.findFirst({
    where: and(eq(experimentAssignments.experimentId, experiment.id), eq(experimentAssignments.visitorId, e.visitorId)),
  });
  const now = deps.now();
  if (e.amount > 0) {
    const exposedAt = assignment?.exposedAt ?? assignment?.assignedAt;
    if (!exposedAt || now.getTime() - exposedAt.getTime() > experiment.conversionWindowDays * 86_400_000) return false;
  }
  const [inserted] = await deps.db
    .insert(experimentConversions)
    .values({ id: newId("cnv"), experimentId: experiment.id, variantId: variant.id, visitorId: e.visitorId, source: e.source, amount: e.amount, createdAt: now })
    .onConflictDoNothing()
    .returning({ id: experimentConversions.id });
  if (!inserted) return false;
  // A visitor converts once; later payments (renewals are not sent here) only add revenue.
  const [firstConversion] =
    e.amount > 0
      ? await deps.db
          .update(experimentAssignments)
          .set({ convertedAt: now })
          .where(and(eq(experimentAssignments.experimentId, experiment.id), eq(experimentAssignments.visitorId, e.visitorId), isNull(experimentAssignments.convertedAt)))
          .returning({ v: experimentAssignments.visitorId })
      : [];
  const converted = firstConversion ? 1 : 0;
  await deps.db.batch([
    deps.db
      .update(experimentVariants)
      .set({
        conversions: sql`${experimentVariants.conversions} + ${converted}`,
        revenue: sql`${experimentVariants.revenue} + ${e.amount}`,
        revenueSq: sql`${experimentVariants.revenueSq} + ${e.amount * Math.abs(e.amount)}`,
      })
      .where(eq(experimentVariants.id, variant.id)),
    deps.db
      .insert(experimentDaily)
      .values({ experimentId: experiment.id, variantId: variant.id, day: utcDay(now), conversions: converted, revenue: e.amount, weight: variant.weight })
      .onConflictDoUpdate({
        target: [experimentDaily.experimentId, experimentDaily.variantId, experimentDaily.day],
        set: { conversions: sql`${experimentDaily.conversions} + ${converted}`, revenue: sql`${experimentDaily.revenue} + ${e.amount}` },
      }),
  ]);
  return true;
}
