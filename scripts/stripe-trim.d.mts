/** Types for scripts/stripe-trim.mjs, which vitest.workers.config.ts imports. */
export const STUB_MODULE: string;
export const KEPT: string[];
export const STUBBED_MODULES: Record<string, string>;
export function trimmedResources(): { modules: string[]; names: string[] };
export function checkStripeCalls(): string[];
export function stripeTrimProblems(): string[];
