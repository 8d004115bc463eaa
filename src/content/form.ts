import type { Drop, Tier } from "../../drizzle";
import type { FormBody } from "../communities/forms";
import { formText } from "../communities/forms";
import type { Target } from "./drop-rows";
import type { DropInputRaw } from "./schemas";

/**
 * The drop editor's form <-> the drop input the domain validates. Delays are typed in days
 * (0.5 = twelve hours) and stored in hours; the publish time is a UTC `datetime-local`.
 */

export interface EditorValues {
  title: string;
  body: string;
  topics: string;
  publishAt: string;
  dripDays: string;
  minLevel: string;
  tiers: Record<string, { on: boolean; delay: string }>;
}

export const EDITOR_LABELS: Record<string, string> = {
  title: "Title",
  body: "Body",
  topics: "Topics",
  publishAt: "Publish at",
  dripDays: "Drip",
  minLevel: "Minimum level",
  targets: "Tiers",
  file: "File",
};

/** "2026-05-01T09:30" as UTC, for the form. */
export const toLocalInput = (d: Date | null) => (d ? d.toISOString().slice(0, 16) : "");

export function emptyValues(tiers: Tier[], now: Date): EditorValues {
  // The minute now has begun, so "now" is already due and a drop scheduled as is opens at once.
  const minute = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  return { title: "", body: "", topics: "", publishAt: toLocalInput(minute), dripDays: "", minLevel: "", tiers: Object.fromEntries(tiers.map((t) => [t.id, { on: false, delay: "0" }])) };
}

export function valuesOf(drop: Drop, targets: Target[], tiers: Tier[]): EditorValues {
  const byTier = new Map(targets.map((t) => [t.tierId, t]));
  return {
    title: drop.title,
    body: drop.body,
    topics: drop.topics.join(", "),
    publishAt: toLocalInput(drop.publishAt),
    dripDays: drop.dripDays == null ? "" : String(drop.dripDays),
    minLevel: drop.minLevel == null ? "" : String(drop.minLevel),
    tiers: Object.fromEntries(tiers.map((t) => [t.id, { on: byTier.has(t.id), delay: String(+((byTier.get(t.id)?.offsetHours ?? 0) / 24).toFixed(2)) }])),
  };
}

export function readEditor(form: FormBody, tiers: Tier[]): EditorValues {
  return {
    title: formText(form, "title"),
    body: formText(form, "body"),
    topics: formText(form, "topics"),
    publishAt: formText(form, "publishAt"),
    dripDays: formText(form, "dripDays"),
    minLevel: formText(form, "minLevel"),
    tiers: Object.fromEntries(tiers.map((t) => [t.id, { on: formText(form, `tier_${t.id}`) === "on", delay: formText(form, `delay_${t.id}`) || "0" }])),
  };
}

/** The input for createDrop/updateDrop, plus problems found while reading the form itself. */
export function parseEditor(values: EditorValues, intent: string): { raw: DropInputRaw; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  let publishAt: string | null = null;
  if (values.publishAt.trim()) {
    const at = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(values.publishAt.trim()) ? new Date(`${values.publishAt.trim()}Z`) : null;
    if (!at || Number.isNaN(at.getTime())) errors.publishAt = "Give the publish time as a date and time";
    else publishAt = at.toISOString();
  }
  const targets: { tierId: string; offsetHours: number }[] = [];
  for (const [tierId, t] of Object.entries(values.tiers)) {
    if (!t.on) continue;
    if (!/^\d{1,3}(\.\d{1,2})?$/.test(t.delay.trim())) errors.targets = "Give each delay as a number of days, like 0 or 3";
    else targets.push({ tierId, offsetHours: Math.round(Number(t.delay) * 24) });
  }
  const drip = values.dripDays.trim();
  if (drip && !/^\d{1,3}$/.test(drip)) errors.dripDays = "Give drip as a whole number of days, or leave it empty";
  const level = values.minLevel.trim();
  if (level && !/^\d{1,2}$/.test(level)) errors.minLevel = "Choose a level, or no minimum";
  return {
    raw: {
      title: values.title,
      body: values.body,
      topics: values.topics.split(",").map((t) => t.trim()).filter(Boolean),
      status: intent === "schedule" ? "scheduled" : "draft",
      publishAt,
      dripDays: drip && !errors.dripDays ? Number(drip) : null,
      minLevel: level && !errors.minLevel ? Number(level) : null,
      targets,
    },
    errors,
  };
}

/** A delay or drip in days, the one unit owners type and read: 72 hours -> "3 days", 12 -> "0.5 days". */
export function daysText(days: number): string {
  const n = +days.toFixed(2);
  return `${n} ${n === 1 ? "day" : "days"}`;
}
