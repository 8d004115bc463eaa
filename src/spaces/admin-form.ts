import type { Space, Tier } from "../../drizzle";
import { formText, parseOptionalInt, type FieldErrors, type FormBody } from "../communities/forms";

/**
 * The space form <-> the space input. Each rule is one select whose value encodes the rule:
 * "all" (every member), "rank:<n>" (that tier's rank and above), "tier:<id>" (that tier only),
 * "staff" (the team only), so the owner picks from their own tiers instead of typing ranks.
 */

export interface SpaceFormValues {
  name: string;
  slug: string;
  description: string;
  emoji: string;
  position: string;
  read: string;
  /** Honours: minimum level to read ("" for none). */
  readLevel: string;
  post: string;
}

export const SPACE_LABELS: Record<string, string> = {
  name: "Name",
  slug: "Address",
  description: "Description",
  emoji: "Emoji",
  position: "Order",
  read: "Who may read",
  readLevel: "Minimum level to read",
  post: "Who may post",
};
/** Rule fields of the input shown at their select. */
export const SPACE_FIELD_RENAME: Record<string, string> = { readMinLevel: "readLevel", readKind: "read", readMinRank: "read", readTierId: "read", postKind: "post", postMinRank: "post", postTierId: "post" };

export function ruleOptions(tiers: Tier[]): { value: string; label: string }[] {
  return [
    { value: "all", label: "Every member" },
    ...tiers.map((t) => ({ value: `rank:${t.rank}`, label: `${t.name} and higher tiers` })),
    ...tiers.map((t) => ({ value: `tier:${t.id}`, label: `Only ${t.name}` })),
    { value: "staff", label: "Only the team (owners and moderators)" },
  ];
}

function ruleValue(kind: Space["readKind"], minRank: number | null, tierId: string | null): string {
  if (kind === "staff") return "staff";
  if (kind === "tier") return `tier:${tierId ?? ""}`;
  return minRank == null ? "all" : `rank:${minRank}`;
}

export const emptySpaceValues = (position: number): SpaceFormValues => ({ name: "", slug: "", description: "", emoji: "", position: String(position), read: "all", readLevel: "", post: "all" });

export function spaceValuesOf(space: Space): SpaceFormValues {
  return {
    name: space.name,
    slug: space.slug,
    description: space.description,
    emoji: space.emoji,
    position: String(space.position),
    read: ruleValue(space.readKind, space.readMinRank, space.readTierId),
    readLevel: space.readMinLevel == null ? "" : String(space.readMinLevel),
    post: ruleValue(space.postKind, space.postMinRank, space.postTierId),
  };
}

export function readSpaceForm(form: FormBody): SpaceFormValues {
  return {
    name: formText(form, "name"),
    slug: formText(form, "slug"),
    description: formText(form, "description"),
    emoji: formText(form, "emoji"),
    position: formText(form, "position"),
    read: formText(form, "read") || "all",
    readLevel: formText(form, "readLevel"),
    post: formText(form, "post") || "all",
  };
}

function rule(value: string): { kind: string; minRank: number | null; tierId: string | null } | null {
  if (value === "all") return { kind: "rank", minRank: null, tierId: null };
  if (value === "staff") return { kind: "staff", minRank: null, tierId: null };
  const rank = /^rank:(\d{1,4})$/.exec(value);
  if (rank) return { kind: "rank", minRank: Number(rank[1]), tierId: null };
  const tier = /^tier:(.{1,64})$/.exec(value);
  return tier ? { kind: "tier", minRank: null, tierId: tier[1]! } : null;
}

/** The raw input for createSpace/updateSpace and the problems found reading the form itself. */
export function spaceInputOf(values: SpaceFormValues): { raw: Record<string, unknown>; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const read = rule(values.read);
  const post = rule(values.post);
  if (!read) errors.read = "Choose who may read";
  if (!post) errors.post = "Choose who may post";
  const level = values.readLevel.trim();
  if (level && !/^\d{1,2}$/.test(level)) errors.readLevel = "Choose a level, or no minimum";
  const position = parseOptionalInt(values.position);
  if ("error" in position) errors.position = position.error;
  return {
    raw: {
      name: values.name,
      slug: values.slug,
      description: values.description,
      emoji: values.emoji,
      ...("value" in position && position.value != null ? { position: position.value } : {}),
      readKind: read?.kind ?? "rank",
      readMinRank: read?.minRank ?? null,
      readTierId: read?.tierId ?? null,
      readMinLevel: level && !errors.readLevel ? Number(level) : null,
      postKind: post?.kind ?? "rank",
      postMinRank: post?.minRank ?? null,
      postTierId: post?.tierId ?? null,
    },
    errors,
  };
}

/** "Every member", "Core and higher tiers", ... for the list. */
export function ruleLabel(tiers: Tier[], kind: Space["readKind"], minRank: number | null, tierId: string | null): string {
  const value = ruleValue(kind, minRank, tierId);
  return ruleOptions(tiers).find((o) => o.value === value)?.label ?? (kind === "tier" ? "A tier no longer offered" : `Rank ${minRank} and up`);
}
