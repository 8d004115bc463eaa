import { invalidParam, missingParam } from "./errors";
import { priceObj, productObj, type Recurring } from "./objects";
import type { Args } from "./params";
import type { Obj, Tx } from "./store";

/** Products and prices: creation rules shared by /v1/prices and Checkout's `price_data`. */

export function parseRecurring(r: Args | undefined): Recurring | null {
  if (!r) return null;
  const interval = r.oneOf("interval", ["day", "week", "month", "year"] as const);
  if (!interval) throw missingParam(r.name("interval"));
  return { interval, interval_count: r.int("interval_count", 1) ?? 1 };
}

export function parseCurrency(a: Args, key = "currency"): string {
  const cur = a.reqStr(key).toLowerCase();
  if (!/^[a-z]{3}$/.test(cur)) throw invalidParam(`Invalid currency: ${cur}`, a.name(key));
  return cur;
}

export function createProduct(tx: Tx, a: Args): Obj {
  const id = a.str("id");
  return tx.put(
    productObj(tx.now, {
      id: id || undefined,
      name: a.reqStr("name"),
      description: a.str("description") ?? null,
      active: a.bool("active"),
      metadata: a.metadata(),
    }),
  );
}

function unitAmount(a: Args): number {
  const amount = a.int("unit_amount", 0);
  if (amount !== undefined) return amount;
  const dec = a.str("unit_amount_decimal");
  if (dec !== undefined && /^\d+(\.0+)?$/.test(dec)) return Number.parseInt(dec, 10);
  if (dec !== undefined) throw invalidParam("The emulator supports whole-unit unit_amount_decimal only", a.name("unit_amount_decimal"));
  throw missingParam(a.name("unit_amount"));
}

/** The product of a price: `product` (existing id) or `product_data` (created now). */
async function productFor(tx: Tx, a: Args): Promise<Obj> {
  const productId = a.str("product");
  if (productId) return tx.must(productId, "product", a.name("product"));
  const data = a.sub("product_data");
  if (!data) throw missingParam(a.name("product"));
  return createProduct(tx, data);
}

async function claimLookupKey(tx: Tx, lookupKey: string, transfer: boolean, param: string): Promise<void> {
  const { data } = await tx.list("price", { lookup_key: lookupKey }, { limit: 1 });
  const holder = data[0];
  if (!holder) return;
  if (!transfer) {
    throw invalidParam(`A price (\`${holder.id}\`) already uses the lookup key \`${lookupKey}\`. Pass transfer_lookup_key=true to move it.`, param, "lookup_key_exists");
  }
  holder.lookup_key = null;
  tx.put(holder);
}

export async function createPrice(tx: Tx, a: Args, opts: { adHoc?: boolean } = {}): Promise<Obj> {
  const currency = parseCurrency(a);
  const amount = unitAmount(a);
  const product = await productFor(tx, a);
  const lookupKey = a.str("lookup_key") || null;
  if (lookupKey) await claimLookupKey(tx, lookupKey, a.bool("transfer_lookup_key") ?? false, a.name("lookup_key"));
  return tx.put(
    priceObj(tx.now, {
      product: product.id,
      currency,
      unit_amount: amount,
      recurring: parseRecurring(a.sub("recurring")),
      lookup_key: lookupKey,
      nickname: a.str("nickname") ?? null,
      // Ad-hoc prices made by Checkout's price_data are not offered for reuse.
      active: opts.adHoc ? false : (a.bool("active") ?? true),
      metadata: a.metadata(),
    }),
  );
}

export async function updatePrice(tx: Tx, price: Obj, a: Args): Promise<Obj> {
  const active = a.bool("active");
  if (active !== undefined) price.active = active;
  if (a.has("nickname")) price.nickname = a.str("nickname") || null;
  if (a.has("lookup_key")) {
    const key = a.str("lookup_key") || null;
    if (key && key !== price.lookup_key) await claimLookupKey(tx, key, a.bool("transfer_lookup_key") ?? false, "lookup_key");
    price.lookup_key = key;
  }
  price.metadata = a.metadata(price.metadata);
  return tx.put(price);
}

export function updateProduct(tx: Tx, product: Obj, a: Args): Obj {
  if (a.has("name")) product.name = a.reqStr("name");
  if (a.has("description")) product.description = a.str("description") || null;
  const active = a.bool("active");
  if (active !== undefined) product.active = active;
  if (a.has("default_price")) product.default_price = a.str("default_price") || null;
  product.metadata = a.metadata(product.metadata);
  product.updated = tx.now;
  return tx.put(product);
}
