/**
 * The scenarios `npm run simulate` measures: the targets (A/A and equal revenue at 30,
 * 100 and 300 visitors a day; +25% RPV at 100 and 300; bandit at 100 with +25%) and a few more.
 * Prices in dollars; 5% conversion at $20 is the baseline (RPV $1).
 */
import type { Arm } from "../../src/experiments/stats/simulate";

export interface Scenario {
  name: string;
  arms: Arm[];
  visitorsPerDay: number;
  bandit?: boolean;
}

const aa: Arm[] = [{ price: 20, conversion: 0.05 }, { price: 20, conversion: 0.05 }];
const equalRevenue: Arm[] = [{ price: 20, conversion: 0.05 }, { price: 25, conversion: 0.04 }];
const lift = (x: number): Arm[] => [{ price: 20, conversion: 0.05 }, { price: 20 * (1 + x), conversion: 0.05 }];
// +25% RPV at a higher price despite fewer sales: $20 at 5% against $30 at 4.17%.
const liftWithFewerSales: Arm[] = [{ price: 20, conversion: 0.05 }, { price: 30, conversion: 0.05 / 1.2 }];
// Four prices; $25 earns most (RPV 0.90, 1.00, 1.10, 0.99).
const four: Arm[] = [{ price: 15, conversion: 0.06 }, { price: 20, conversion: 0.05 }, { price: 25, conversion: 0.044 }, { price: 30, conversion: 0.033 }];

export const SCENARIOS: Scenario[] = [
  ...[30, 100, 300].map((v) => ({ name: `A/A, ${v}/day`, arms: aa, visitorsPerDay: v })),
  ...[30, 100, 300].map((v) => ({ name: `equal RPV ($20 5% vs $25 4%), ${v}/day`, arms: equalRevenue, visitorsPerDay: v })),
  ...[30, 100, 200, 300].map((v) => ({ name: `+25% RPV, ${v}/day`, arms: lift(0.25), visitorsPerDay: v })),
  { name: "+25% RPV, fewer sales ($30 4.2%), 100/day", arms: liftWithFewerSales, visitorsPerDay: 100 },
  ...[100, 300].map((v) => ({ name: `+10% RPV, ${v}/day`, arms: lift(0.1), visitorsPerDay: v })),
  { name: "+50% RPV, 100/day", arms: lift(0.5), visitorsPerDay: 100 },
  { name: "4 prices, best +10%, 100/day", arms: four, visitorsPerDay: 100 },
  { name: "bandit: +25% RPV, 100/day", arms: lift(0.25), visitorsPerDay: 100, bandit: true },
  { name: "bandit: A/A, 100/day", arms: aa, visitorsPerDay: 100, bandit: true },
];
