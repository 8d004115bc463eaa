// Shared by scripts/bench.mjs and scripts/bench-pages.mjs: runs one bench file inside workerd
// (vitest + @cloudflare/vitest-pool-workers, bench/vitest.config.ts, so `npm test` never runs
// it) and returns the JSON of every line the bench printed as `<TAG> {json}`. On a failed run it
// prints the tail of vitest's output and exits 1.
import { spawn } from "node:child_process";

export async function runBench(file, tag, env = {}, complete = (rows) => rows.length > 0) {
  const child = spawn("npx", ["vitest", "run", "--config", "bench/vitest.config.ts", file], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, FORCE_COLOR: "0", ...env },
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (err += d));
  const code = await new Promise((resolve) => child.on("close", resolve));
  const pattern = new RegExp(`${tag} (\\{.*\\})\\s*$`);
  const rows = out
    .split("\n")
    .map((line) => line.match(pattern)?.[1])
    .filter(Boolean)
    .map((json) => JSON.parse(json));
  if (code !== 0 || !complete(rows)) {
    const clean = (text, n) => text.split("\n").filter((l) => !l.startsWith("Sourcemap") && !l.startsWith("exception")).slice(-n).join("\n");
    console.error(clean(out, 60));
    console.error(clean(err, 30));
    console.error(`\n${file} did not complete (vitest exit code ${code})`);
    process.exit(1);
  }
  return rows;
}
