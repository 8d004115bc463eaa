import { it } from "vitest";
import { analyze } from "../../../src/experiments/stats";
it("probe", async () => {
  const t0 = performance.now(); const d0 = Date.now();
  let s = 0; for (let i = 0; i < 5e7; i++) s += i % 7;
  const t1 = performance.now(); const d1 = Date.now();
  await new Promise((r) => setTimeout(r, 0));
  const t2 = performance.now();
  console.log({ busy: t1 - t0, date: d1 - d0, afterTimeout: t2 - t0, s });
  const variants = Array.from({ length: 10 }, (_, i) => ({ key: `v${i}`, exposures: 5000, conversions: 250 + i, revenue: 5000, price: 20 }));
  analyze({ seed: "warm", variants });
  await new Promise((r) => setTimeout(r, 0));
  const a = performance.now();
  for (let i = 0; i < 20; i++) analyze({ seed: "x" + i, variants });
  await new Promise((r) => setTimeout(r, 0));
  console.log("10 variants avg ms", (performance.now() - a) / 20);
});
