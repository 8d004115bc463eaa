import { eq } from "drizzle-orm";
import { activePrices, pricesByInterval } from "../tiers/prices";
import type { BatchItem } from "../lib/db";
import { tierPrices, type Community, type ExperimentAssignment, type ExperimentVariant, type TierPrice } from "../../drizzle";
import type { Deps } from "../env";
import { assignVariant, decideAssignment, liveExperimentFor, recordExposure, type LiveExperiment } from "./assignment";
import type { Visitor } from "./visitor";

export interface PriceShown<T> {
  price: T;
  variant: ExperimentVariant | null;
}

/**
 * The application fee this visitor sees (and so pays): the community's fee, or their variant's
 * price while a fee experiment runs, when the live fee test (or its absence) and this visitor's
 * stored assignment have already been read, as `loadPublicConfig` reads them in the page's one
 * batch. `expose` logs the exposure when the price is on screen.
 */
export async function feeWithTest(
  deps: Deps,
  community: Community,
  live: LiveExperiment | null,
  visitor: Visitor,
  opts: { email?: string | null; expose?: boolean; known?: ExperimentAssignment } = {},
): Promise<PriceShown<number>> {
  if (!live) return { price: community.feeAmount, variant: null };
  const variant = await assignVariant(deps, live, visitor, opts.email, opts.known);
  if (opts.expose) await recordExposure(deps, live, variant, visitor);
  return { price: variant.price, variant: visitor.bot ? null : variant };
}

/** The tier price (row with its Stripe price) this visitor sees and pays for one interval. */
export async function tierPriceFor(
  deps: Deps,
  communityId: string,
  tierId: string,
  interval: "month" | "year",
  visitor: Visitor | null,
  opts: { email?: string | null; expose?: boolean } = {},
): Promise<PriceShown<TierPrice> | null> {
  const active = (await activePrices(deps.db, tierId))[interval];
  const live = visitor ? await liveExperimentFor(deps.db, communityId, { kind: "tier_price", tierId, interval }) : null;
  if (!live || !visitor) return active ? { price: active, variant: null } : null;
  const variant = await assignVariant(deps, live, visitor, opts.email);
  const variantPrice = variant.tierPriceId ? await deps.db.query.tierPrices.findFirst({ where: eq(tierPrices.id, variant.tierPriceId) }) : undefined;
  if (!variantPrice) return active ? { price: active, variant: null } : null;
  if (opts.expose) await recordExposure(deps, live, variant, visitor);
  return { price: variantPrice, variant: visitor.bot ? null : variant };
}

/** What a tier costs this visitor, per interval: the prices shown are the prices charged. */
export interface TierOffer {
  month?: TierPrice;
  year?: TierPrice;
}

/** A tier's monthly and yearly price for this visitor, each decided by `tierPriceFor`. */
export async function tierOfferFor(
  deps: Deps,
  communityId: string,
  tierId: string,
  visitor: Visitor | null,
  opts: { email?: string | null; expose?: boolean } = {},
): Promise<TierOffer> {
  const [month, year] = await Promise.all([
    tierPriceFor(deps, communityId, tierId, "month", visitor, opts),
    tierPriceFor(deps, communityId, tierId, "year", visitor, opts),
  ]);
  return { month: month?.price, year: year?.price };
}

/**
 * `tierPriceFor`'s answer from rows a caller has already read in its batch (the tier's prices,
 * active and the live test's, the live test on this interval, and the stored assignment of this
 * visitor or email), with the assignment write for the caller's next batch.
 */
export function tierPriceFromRead(
  deps: Deps,
  read: { prices: TierPrice[]; live: LiveExperiment | null; assignment: ExperimentAssignment | undefined },
  tierId: string,
  interval: "month" | "year",
  visitor: Visitor | null,
  email: string,
): (PriceShown<TierPrice> & { write: BatchItem | null }) | null {
  const active = pricesByInterval(read.prices.filter((p) => p.tierId === tierId))[interval];
  if (!read.live || !visitor) return active ? { price: active, variant: null, write: null } : null;
  const { variant, write } = decideAssignment(deps.db, read.live, visitor, email, read.assignment, deps.now());
  const variantPrice = variant.tierPriceId ? read.prices.find((p) => p.id === variant.tierPriceId) : undefined;
  if (!variantPrice) return active ? { price: active, variant: null, write } : null;
  return { price: variantPrice, variant: visitor.bot ? null : variant, write };
}
