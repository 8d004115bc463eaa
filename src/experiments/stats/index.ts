/** Statistics engine for price-point experiments: pure, deterministic, no I/O. */
export { analyze, DEFAULT_DRAWS } from "./analysis";
export type { AnalysisInput, AnalysisResult, Interval, Outcome, VariantData, VariantResult } from "./analysis";
export { banditReady, banditWeights } from "./bandit";
export type { BanditReadyInput } from "./bandit";
export { decide, DEFAULT_RULE, LEGACY_RULE, leaderOf } from "./decision";
export type { Decision, DecisionInput, Verdict } from "./decision";
export { bucket, chooseVariant, fnv1a32 } from "./hash";
export { daysToDecision, sampleSizePerVariant } from "./planner";
export type { PowerOptions } from "./planner";
export { orderStatistic, quantiles } from "./quantile";
export { createRandom, Random, seedFrom } from "./random";
export type { RandomState } from "./random";
export { chiSquareSurvival, inverseNormalCdf, lnGamma, regularizedGammaQ } from "./special";
export { SRM_MIN_EXPOSURES, SRM_P_THRESHOLD, srmCheck } from "./srm";
export type { SrmResult, WeightPeriod } from "./srm";
export { vanWestendorp } from "./van-westendorp";
export type { VanWestendorpPoint, VanWestendorpResponse, VanWestendorpResult } from "./van-westendorp";
