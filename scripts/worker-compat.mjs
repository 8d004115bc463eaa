/**
 * A Worker config's top-level compatibility date and flags (what `wrangler deploy` ships), so the
 * scripts that run built bundles in workerd (bundle-smoke, cold-start) run them as deployed.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** @param {string} [config] a wrangler config file in the project root (default wrangler.toml) */
export function compatOf(config = "wrangler.toml") {
  const text = readFileSync(join(ROOT, config), "utf8");
  // Only the top level: everything before the first [table] header.
  const top = text.split(/^\[/m)[0];
  const date = top.match(/^compatibility_date\s*=\s*"([^"]+)"/m)?.[1];
  const flags = top.match(/^compatibility_flags\s*=\s*\[([^\]]*)\]/m)?.[1];
  if (!date || flags === undefined) throw new Error(`${config}: no top-level compatibility_date or compatibility_flags`);
  return { compatibilityDate: date, compatibilityFlags: [...flags.matchAll(/"([^"]+)"/g)].map((m) => m[1]) };
}
