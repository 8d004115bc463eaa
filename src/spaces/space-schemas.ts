// From the OpenAPI build of zod, so the API can document these schemas whatever the import order.
import { z } from "@hono/zod-openapi";
import { SPACE_RULE_KINDS } from "../../drizzle";
// Object schemas are built on first use (z.lazy), not while a new isolate starts: README, "Cold start".

/** A space as the owner describes it, shared by the admin pages and the API. */

const rank = () => z.number().int("A tier rank is a whole number").min(0).max(1000).nullable();

export const spaceInputSchema = z.lazy(() =>
  z
    .strictObject({
      name: z.string().trim().min(1, "Name the space").max(60, "Keep the name under 60 characters"),
      slug: z
        .string()
        .trim()
        .toLowerCase()
        .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, "Use 1–40 lower-case letters, digits or dashes"),
      description: z.string().trim().max(300, "Keep the description under 300 characters").default(""),
      emoji: z.string().trim().max(16, "One emoji or a short symbol").default(""),
      position: z.number().int().min(0).max(1000).optional(),
      readKind: z.enum(SPACE_RULE_KINDS).default("rank"),
      readMinRank: rank().default(null),
      readTierId: z.string().max(64).nullable().default(null),
      readMinLevel: z.number().int("A level is a whole number").min(2, "Level 1 is everyone: choose 2 or more, or none").max(10, "Levels go up to 10").nullable().default(null),
      postKind: z.enum(SPACE_RULE_KINDS).default("rank"),
      postMinRank: rank().default(null),
      postTierId: z.string().max(64).nullable().default(null),
    })
    .superRefine((s, ctx) => {
      if (s.readKind === "tier" && !s.readTierId) ctx.addIssue({ code: "custom", path: ["readTierId"], message: "Choose the tier that may read" });
      if (s.postKind === "tier" && !s.postTierId) ctx.addIssue({ code: "custom", path: ["postTierId"], message: "Choose the tier that may post" });
    })
    .openapi("SpaceInput"),
);
export type SpaceInput = z.infer<typeof spaceInputSchema>;
