import { invalidParam, missingParam } from "./errors";

/** A decoded form body: `a[b][0][c]=x` becomes `{ a: { b: [{ c: "x" }] } }`. */
export type ParamValue = string | ParamObject | ParamValue[];
export interface ParamObject {
  [key: string]: ParamValue;
}

const FORBIDDEN = new Set(["__proto__", "prototype", "constructor"]);

/** Decodes a form-encoded (or query) string the way Stripe reads nested params. */
export function decodeParams(text: string): ParamObject {
  const root: Record<string, unknown> = Object.create(null);
  for (const [key, value] of new URLSearchParams(text)) {
    const segs = splitKey(key);
    if (segs.some((s) => FORBIDDEN.has(s))) continue;
    let cur = root;
    segs.forEach((seg, i) => {
      const name = seg === "" ? String(Object.keys(cur).length) : seg; // `a[]=x` appends
      if (i === segs.length - 1) cur[name] = value;
      else {
        if (typeof cur[name] !== "object" || cur[name] === null) cur[name] = Object.create(null);
        cur = cur[name] as Record<string, unknown>;
      }
    });
  }
  return arrayify(root, "") as ParamObject;
}

function splitKey(key: string): string[] {
  const open = key.indexOf("[");
  if (open <= 0 || !key.endsWith("]")) return [key];
  const rest = key.slice(open);
  const segs = [...rest.matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1]);
  if (segs.map((s) => `[${s}]`).join("") !== rest) return [key];
  return [key.slice(0, open), ...segs];
}

/** Objects whose keys are all indexes become arrays (except metadata, whose keys are free). */
function arrayify(value: unknown, parentKey: string): ParamValue {
  if (typeof value !== "object" || value === null) return value as string;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  const out: Record<string, ParamValue> = Object.create(null);
  for (const k of keys) out[k] = arrayify(obj[k], k);
  if (parentKey !== "metadata" && keys.length > 0 && keys.every((k) => /^\d+$/.test(k))) {
    return keys.sort((a, b) => Number(a) - Number(b)).map((k) => out[k]);
  }
  return out as ParamObject;
}

/** Typed, Stripe-error-raising access to decoded params; `prefix` names nested params in errors. */
export class Args {
  constructor(
    readonly data: ParamObject,
    readonly prefix = "",
  ) {}

  name(key: string): string {
    return this.prefix ? `${this.prefix}[${key}]` : key;
  }

  has(key: string): boolean {
    return this.data[key] !== undefined;
  }

  str(key: string): string | undefined {
    const v = this.data[key];
    if (v === undefined) return undefined;
    if (typeof v !== "string") throw invalidParam(`Invalid string: ${this.name(key)} must be a string`, this.name(key));
    return v;
  }

  reqStr(key: string): string {
    const v = this.str(key);
    if (v === undefined || v === "") throw missingParam(this.name(key));
    return v;
  }

  int(key: string, min = Number.MIN_SAFE_INTEGER): number | undefined {
    const v = this.str(key);
    if (v === undefined || v === "") return undefined;
    if (!/^-?\d+$/.test(v)) throw invalidParam(`Invalid integer: ${v}`, this.name(key));
    const n = Number(v);
    if (n < min) throw invalidParam(`Invalid ${this.name(key)}: must be at least ${min}`, this.name(key));
    return n;
  }

  reqInt(key: string, min?: number): number {
    const n = this.int(key, min);
    if (n === undefined) throw missingParam(this.name(key));
    return n;
  }

  bool(key: string): boolean | undefined {
    const v = this.str(key);
    if (v === undefined || v === "") return undefined;
    if (v === "true") return true;
    if (v === "false") return false;
    throw invalidParam(`Invalid boolean: ${v}`, this.name(key));
  }

  oneOf<T extends string>(key: string, values: readonly T[]): T | undefined {
    const v = this.str(key);
    if (v === undefined || v === "") return undefined;
    if (!(values as readonly string[]).includes(v)) {
      throw invalidParam(`Invalid ${this.name(key)}: must be one of ${values.join(", ")}`, this.name(key));
    }
    return v as T;
  }

  sub(key: string): Args | undefined {
    const v = this.data[key];
    if (v === undefined || v === "") return undefined;
    if (typeof v !== "object" || Array.isArray(v)) {
      throw invalidParam(`Invalid object: ${this.name(key)}`, this.name(key));
    }
    return new Args(v, this.name(key));
  }

  /** An array of hashes, e.g. `line_items[0][price]`. */
  list(key: string): Args[] {
    const v = this.data[key];
    if (v === undefined || v === "") return [];
    if (!Array.isArray(v)) throw invalidParam(`Invalid array: ${this.name(key)}`, this.name(key));
    return v.map((item, i) => {
      if (typeof item !== "object" || Array.isArray(item)) {
        throw invalidParam(`Invalid object: ${this.name(key)}[${i}]`, `${this.name(key)}[${i}]`);
      }
      return new Args(item, `${this.name(key)}[${i}]`);
    });
  }

  strList(key: string): string[] {
    const v = this.data[key];
    if (v === undefined || v === "") return [];
    const arr = Array.isArray(v) ? v : [v];
    return arr.map((item) => {
      if (typeof item !== "string") throw invalidParam(`Invalid array: ${this.name(key)}`, this.name(key));
      return item;
    });
  }

  expand(): string[] {
    return this.strList("expand");
  }

  /** Applies `metadata[...]` to `current` like Stripe: "" for a key unsets it, `metadata=` clears all. */
  metadata(current: Record<string, string> = {}, key = "metadata"): Record<string, string> {
    const v = this.data[key];
    if (v === undefined) return current;
    if (v === "") return {};
    if (typeof v !== "object" || Array.isArray(v)) throw invalidParam("Invalid metadata: must be a hash", this.name(key));
    const out = { ...current };
    for (const [k, val] of Object.entries(v)) {
      if (typeof val !== "string") throw invalidParam(`Invalid metadata[${k}]: must be a string`, `${this.name(key)}[${k}]`);
      if (k.length > 40) throw invalidParam("Metadata keys can have up to 40 characters", `${this.name(key)}[${k}]`);
      if (val.length > 500) throw invalidParam("Metadata values can have up to 500 characters", `${this.name(key)}[${k}]`);
      if (val === "") delete out[k];
      else out[k] = val;
    }
    if (Object.keys(out).length > 50) throw invalidParam("Metadata can have up to 50 keys", this.name(key));
    return out;
  }
}
