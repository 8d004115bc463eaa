import { publicView, Tx, withSchema, type Obj } from "./store";

export interface DeliveryResult {
  eventId: string;
  type: string;
  /** HTTP status the app answered, or 0 when delivery threw. */
  status: number;
  delivered: boolean;
  error?: string;
}

/** What the API routes, pages and delivery share. */
export interface EmuCtx {
  db: D1Database;
  appUrl: string;
  webhookSecret: string;
  deliver: (req: Request) => Promise<Response>;
  now: () => Date;
  onEventsQueued?: () => void;
  deliverPending(): Promise<DeliveryResult[]>;
}

/** Path prefix where the dev entry mounts `pages`. */
export const PAGES_BASE = "/dev/stripe";

export const unix = (d: Date) => Math.floor(d.getTime() / 1000);

/**
 * Runs `fn` in a unit of work and commits its writes and events in one batch;
 * `extra` adds statements to that batch (e.g. the idempotency record of the response).
 */
export async function runTx<T>(ctx: EmuCtx, fn: (tx: Tx) => Promise<T>, extra?: (result: T) => D1PreparedStatement[]): Promise<T> {
  return withSchema(ctx.db, async () => {
    const tx = new Tx(ctx.db, unix(ctx.now()));
    const result = await fn(tx);
    const queued = await tx.commit(extra ? extra(result) : []);
    if (queued > 0) ctx.onEventsQueued?.();
    return result;
  });
}

const ID_RE = /^[a-z]+_[A-Za-z0-9_]+$/;
/** Private fields that `expand` may reveal (stored as `_line_items`), like Stripe's includable fields. */
const INCLUDABLE = ["line_items"];

/** The public form of `obj` with `expand` paths (e.g. `latest_invoice`, `line_items.data.price.product`). */
export async function render(tx: Tx, obj: Obj, expand: string[] = []): Promise<Obj> {
  const out = publicView(obj, INCLUDABLE.filter((f) => expand.some((p) => p.split(".")[0] === f)));
  for (const path of expand) await expandPath(tx, out, path.split("."));
  return out;
}

export async function renderList(tx: Tx, list: { data: Obj[]; has_more: boolean }, url: string, expand: string[] = []): Promise<Obj> {
  const itemPaths = expand.filter((p) => p.startsWith("data.")).map((p) => p.slice(5));
  return {
    object: "list",
    data: await Promise.all(list.data.map((o) => render(tx, o, itemPaths))),
    has_more: list.has_more,
    url,
  };
}

async function expandPath(tx: Tx, target: Obj | null, segs: string[]): Promise<void> {
  if (!target || typeof target !== "object" || segs.length === 0) return;
  const [head, ...rest] = segs;
  if (target.object === "list" && head === "data" && Array.isArray(target.data)) {
    for (const item of target.data) await expandPath(tx, item, rest);
    return;
  }
  let value = target[head];
  if (typeof value === "string" && ID_RE.test(value)) {
    const found = await tx.get(value);
    if (found) {
      value = publicView(found);
      target[head] = value;
    }
  }
  if (rest.length && value && typeof value === "object") await expandPath(tx, value, rest);
}

const ZERO_DECIMAL = new Set("bif clp djf gnf jpy kmf krw mga pyg rwf ugx vnd vuv xaf xof xpf".split(" "));

/** `formatAmount(2500, "usd")` -> "$25.00". */
export function formatAmount(amount: number, currency: string): string {
  const cur = currency.toLowerCase();
  const value = ZERO_DECIMAL.has(cur) ? amount : amount / 100;
  try {
    return new Intl.NumberFormat("en-US", { style: "currency", currency: cur.toUpperCase() }).format(value);
  } catch {
    return `${value.toFixed(ZERO_DECIMAL.has(cur) ? 0 : 2)} ${cur.toUpperCase()}`;
  }
}

/** Only http(s) URLs are accepted for redirects and links. */
export function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value.replaceAll("{CHECKOUT_SESSION_ID}", "x"));
    return u.protocol === "http:" || u.protocol === "https:";
  } catch {
    return false;
  }
}
