import { noSuch, StripeApiError } from "./errors";

/** A stored Stripe object. Keys starting with "_" are private (never rendered). */
// biome-ignore lint/suspicious/noExplicitAny: Stripe objects are open-ended JSON.
export type Obj = Record<string, any>;

export const API_VERSION = "2026-10-28.endive";

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS stripe_objects (id TEXT PRIMARY KEY, type TEXT NOT NULL, json TEXT NOT NULL, created INTEGER NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS stripe_objects_type ON stripe_objects (type)`,
  `CREATE TABLE IF NOT EXISTS stripe_events (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, json TEXT NOT NULL, created INTEGER NOT NULL, delivered_at INTEGER, attempts INTEGER NOT NULL DEFAULT 0, last_status INTEGER, last_error TEXT)`,
  `CREATE INDEX IF NOT EXISTS stripe_events_pending ON stripe_events (delivered_at, seq)`,
  // A write whose object changed since it was read inserts NULL here, failing (and rolling back) its batch.
  `CREATE TABLE IF NOT EXISTS stripe_write_guard (conflict TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS stripe_idempotency (key TEXT NOT NULL, path TEXT NOT NULL, body TEXT NOT NULL, status INTEGER NOT NULL DEFAULT 0, response TEXT, created INTEGER NOT NULL, PRIMARY KEY (key, path))`,
];

const ready = new WeakMap<D1Database, Promise<void>>();

function ensureSchema(db: D1Database): Promise<void> {
  let p = ready.get(db);
  if (!p) {
    p = db.batch(SCHEMA.map((s) => db.prepare(s))).then(() => undefined);
    p.catch(() => ready.delete(db));
    ready.set(db, p);
  }
  return p;
}

/** Runs `fn` once the tables exist (created lazily, memoized per isolate and database). */
export async function withSchema<T>(db: D1Database, fn: () => Promise<T>): Promise<T> {
  await ensureSchema(db);
  try {
    return await fn();
  } catch (e) {
    // The memo can outlive the storage (e.g. per-test-file isolated storage): recreate once.
    if (!String(e instanceof Error ? e.message : e).includes("no such table")) throw e;
    ready.delete(db);
    await ensureSchema(db);
    return fn();
  }
}

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** Stripe-looking ids: `newId("cus")` -> `cus_4Fj...`. */
export function newId(prefix: string, length = 24): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let out = "";
  for (const b of bytes) out += ALPHABET[b % 62];
  return `${prefix}_${out}`;
}

const LABELS: Record<string, string> = {
  "checkout.session": "checkout session",
  "billing_portal.session": "billing portal session",
};

/** Deep copy without private `_` keys; `include` names private fields to expose (e.g. line_items). */
export function publicView(obj: Obj, include: string[] = []): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(obj)) {
    if (k.startsWith("_")) {
      if (include.includes(k.slice(1))) out[k.slice(1)] = structuredClone(v);
    } else out[k] = structuredClone(v);
  }
  return out;
}

/**
 * A unit of work: reads go through a cache, writes and queued events are flushed together
 * in one `db.batch` by `commit()`, so a failed request leaves nothing half-written.
 */
export class Tx {
  private cache = new Map<string, Obj>();
  /** The JSON each object had when read, to detect concurrent writers at commit. */
  private readJson = new Map<string, string>();
  private dirty = new Set<string>();
  readonly events: Obj[] = [];
  /** Copied into events' `request` (the API request that caused them). */
  request: { id: string | null; idempotency_key: string | null } = { id: null, idempotency_key: null };

  constructor(
    readonly db: D1Database,
    readonly now: number,
  ) {}

  private remember(json: string): Obj {
    const obj = JSON.parse(json) as Obj;
    const hit = this.cache.get(obj.id);
    if (hit) return hit;
    this.cache.set(obj.id, obj);
    this.readJson.set(obj.id, json);
    return obj;
  }

  async get(id: string): Promise<Obj | null> {
    const hit = this.cache.get(id);
    if (hit) return hit;
    const row = await this.db.prepare("SELECT json FROM stripe_objects WHERE id = ?").bind(id).first<{ json: string }>();
    return row ? this.remember(row.json) : null;
  }

  /** The object of that type, or Stripe's 404 `resource_missing` naming `param`. */
  async must(id: string | undefined | null, type: string, param = "id"): Promise<Obj> {
    const obj = id ? await this.get(id) : null;
    if (!obj || obj.object !== type) throw noSuch(LABELS[type] ?? type, id ?? "", param);
    return obj;
  }

  /** Newest first, like Stripe lists; `where` compares JSON fields (dotted paths allowed). */
  async list(
    type: string,
    where: Record<string, string | number | boolean | { not: string } | undefined>,
    opts: { limit?: number; startingAfter?: string } = {},
  ): Promise<{ data: Obj[]; has_more: boolean }> {
    const limit = Math.min(Math.max(opts.limit ?? 10, 1), 100);
    const clauses = ["type = ?"];
    const binds: unknown[] = [type];
    for (const [field, value] of Object.entries(where)) {
      if (value === undefined) continue;
      if (!/^[a-z_]+(\.[a-z_]+)*$/.test(field)) throw new Error(`bad list field ${field}`);
      if (typeof value === "object") {
        clauses.push(`json_extract(json, '$.${field}') IS NOT ?`);
        binds.push(value.not);
        continue;
      }
      clauses.push(`json_extract(json, '$.${field}') = ?`);
      binds.push(typeof value === "boolean" ? (value ? 1 : 0) : value);
    }
    if (opts.startingAfter) {
      clauses.push("rowid < (SELECT rowid FROM stripe_objects WHERE id = ?)");
      binds.push(opts.startingAfter);
    }
    const { results } = await this.db
      .prepare(`SELECT json FROM stripe_objects WHERE ${clauses.join(" AND ")} ORDER BY rowid DESC LIMIT ?`)
      .bind(...binds, limit + 1)
      .all<{ json: string }>();
    const data = results.slice(0, limit).map((r) => this.remember(r.json));
    return { data, has_more: results.length > limit };
  }

  put<T extends Obj>(obj: T): T {
    this.cache.set(obj.id, obj);
    this.dirty.add(obj.id);
    return obj;
  }

  /** Queues an event with a snapshot of `obj` now; `before` yields `previous_attributes`. */
  emit(type: string, obj: Obj, before?: Obj): Obj {
    const object = publicView(obj);
    const data: Obj = { object };
    if (before) {
      const prev = publicView(before);
      const changed: Obj = {};
      for (const k of new Set([...Object.keys(prev), ...Object.keys(object)])) {
        if (JSON.stringify(prev[k]) !== JSON.stringify(object[k])) changed[k] = prev[k] ?? null;
      }
      data.previous_attributes = changed;
    }
    const event = {
      id: newId("evt"),
      object: "event",
      api_version: API_VERSION,
      created: this.now,
      data,
      livemode: false,
      pending_webhooks: 1,
      request: { ...this.request },
      type,
    };
    this.events.push(event);
    return event;
  }

  statements(): D1PreparedStatement[] {
    const stmts: D1PreparedStatement[] = [];
    for (const id of this.dirty) {
      const read = this.readJson.get(id);
      if (read === undefined) continue;
      stmts.push(
        this.db
          .prepare("INSERT INTO stripe_write_guard (conflict) SELECT NULL WHERE NOT EXISTS (SELECT 1 FROM stripe_objects WHERE id = ? AND json = ?)")
          .bind(id, read),
      );
    }
    for (const id of this.dirty) {
      const obj = this.cache.get(id) as Obj;
      const json = JSON.stringify(obj);
      stmts.push(
        this.readJson.has(id)
          ? this.db.prepare("UPDATE stripe_objects SET json = ? WHERE id = ?").bind(json, id)
          : this.db.prepare("INSERT INTO stripe_objects (id, type, json, created) VALUES (?, ?, ?, ?)").bind(id, obj.object, json, obj.created ?? this.now),
      );
    }
    for (const e of this.events) {
      stmts.push(
        this.db
          .prepare("INSERT INTO stripe_events (id, type, json, created) VALUES (?, ?, ?, ?)")
          .bind(e.id, e.type, JSON.stringify(e), e.created),
      );
    }
    return stmts;
  }

  /** Writes everything at once; returns how many events were queued. */
  async commit(extra: D1PreparedStatement[] = []): Promise<number> {
    const stmts = [...this.statements(), ...extra];
    try {
      if (stmts.length) await this.db.batch(stmts);
    } catch (e) {
      if (String(e instanceof Error ? e.message : e).includes("stripe_write_guard")) throw lockTimeout();
      throw e;
    }
    const queued = this.events.length;
    if (queued) undelivered.mayExist = true;
    this.dirty.clear();
    this.events.length = 0;
    return queued;
  }
}

/**
 * Whether events may be waiting for delivery in this isolate: set when events are queued and
 * when a delivery fails, cleared when a delivery run starts. A request that queued nothing then
 * skips the run (no query, no wait behind another request's run), which keeps every page view in
 * `npm run dev` from reading the event table. It starts set, so events left by an earlier process
 * go out on the first request.
 */
export const undelivered = { mayExist: true };

/** Stripe's answer when another request changed the object meanwhile; the SDK retries it. */
export const lockTimeout = () =>
  new StripeApiError(
    429,
    "invalid_request_error",
    "This object cannot be accessed right now because another API request or Stripe process is currently accessing it. Please retry.",
    "lock_timeout",
  );

// ---- Idempotency keys: same key + same path replays the stored response. ----

export type IdempotencyStart =
  | { kind: "fresh" }
  | { kind: "replay"; status: number; response: string }
  | { kind: "mismatch" }
  | { kind: "in_progress" };

export async function startIdempotent(db: D1Database, key: string, path: string, body: string, now: number): Promise<IdempotencyStart> {
  const ins = await db
    .prepare("INSERT INTO stripe_idempotency (key, path, body, status, created) VALUES (?, ?, ?, 0, ?) ON CONFLICT DO NOTHING")
    .bind(key, path, body, now)
    .run();
  if (ins.meta.changes === 1) return { kind: "fresh" };
  const row = await db
    .prepare("SELECT body, status, response FROM stripe_idempotency WHERE key = ? AND path = ?")
    .bind(key, path)
    .first<{ body: string; status: number; response: string | null }>();
  if (!row) return startIdempotent(db, key, path, body, now);
  if (row.body !== body) return { kind: "mismatch" };
  if (row.status === 0 || row.response === null) return { kind: "in_progress" };
  return { kind: "replay", status: row.status, response: row.response };
}

export function finishIdempotentStmt(db: D1Database, key: string, path: string, status: number, response: string): D1PreparedStatement {
  return db
    .prepare("UPDATE stripe_idempotency SET status = ?, response = ? WHERE key = ? AND path = ?")
    .bind(status, response, key, path);
}

export async function abandonIdempotent(db: D1Database, key: string, path: string): Promise<void> {
  await db.prepare("DELETE FROM stripe_idempotency WHERE key = ? AND path = ? AND status = 0").bind(key, path).run();
}
