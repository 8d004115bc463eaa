import * as z from "zod/mini";
import "../lib/zod-messages";
import { SPACE_RULE_KINDS } from "../../drizzle";
// Object schemas are built on first use (z.lazy), not while a new isolate starts: README, "Cold start".

/** A space as the owner describes it, shared by the admin pages and the API. */

const rank = () => z.nullable(z.number().check(z.int("A tier rank is a whole number"), z.gte(0), z.lte(1000)));

export const spaceInputSchema = z.lazy(() =>
  z.strictObject({
      name: z.string().check(z.trim(), z.minLength(1, "Name the space"), z.maxLength(60, "Keep the name under 60 characters")),
      slug: z.string().check(z.trim(), z.toLowerCase(), z.regex(/^[a-z0-9][a-z0-9-]{0,39}$/, "Use 1–40 lower-case letters, digits or dashes")),
      description: z._default(z.string().check(z.trim(), z.maxLength(300, "Keep the description under 300 characters")), ""),
      emoji: z._default(z.string().check(z.trim(), z.maxLength(16, "One emoji or a short symbol")), ""),
      position: z.optional(z.number().check(z.int(), z.gte(0), z.lte(1000))),
      readKind: z._default(z.enum(SPACE_RULE_KINDS), "rank"),
      readMinRank: z._default(rank(), null),
      readTierId: z._default(z.nullable(z.string().check(z.maxLength(64))), null),
      readMinLevel: z._default(z.nullable(z.number().check(z.int("A level is a whole number"), z.gte(2, "Level 1 is everyone: choose 2 or more, or none"), z.lte(10, "Levels go up to 10"))), null),
      postKind: z._default(z.enum(SPACE_RULE_KINDS), "rank"),
      postMinRank: z._default(rank(), null),
      postTierId: z._default(z.nullable(z.string().check(z.maxLength(64))), null),
    }).check(z.superRefine((s, ctx) => {
      if (s.readKind === "tier" && !s.readTierId) ctx.addIssue({ code: "custom", path: ["readTierId"], message: "Choose the tier that may read" });
      if (s.postKind === "tier" && !s.postTierId) ctx.addIssue({ code: "custom", path: ["postTierId"], message: "Choose the tier that may post" });
    })).register(z.globalRegistry, { id: "SpaceInput" }),
);
export type SpaceInput = z.infer<typeof spaceInputSchema>;
