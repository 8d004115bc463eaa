import * as z from "zod/mini";
import "../lib/zod-messages";
import { REACTION_KEYS } from "../content/schemas";
import { postInputSchema } from "./schemas";
// Object schemas are built on first use (z.lazy), not while a new isolate starts: README, "Cold start".

/** What members send to change a thread: edits, votes, reactions. Shared by the pages and the API. */

/** An edit of a thread (title and body) or of a reply (body only: a title sent for a reply is refused). */
export const postEditSchema = z.lazy(() => z.pick(postInputSchema._zod.innerType, { title: true, body: true }).register(z.globalRegistry, { id: "PostEdit" }));
export type PostEdit = z.infer<typeof postEditSchema>;

export const voteInputSchema = z.lazy(() =>
  z.strictObject({
      options: z.array(z.string().check(z.maxLength(64))).check(z.minLength(1, "Choose an option"), z.maxLength(10, "A poll has at most 10 options"), z.refine((os) => new Set(os).size === os.length, "Choose each option once")),
    }).register(z.globalRegistry, { id: "VoteInput" }),
);

/** The same small set of reactions as on drops. */
export const reactionInputSchema = z.lazy(() =>
  z.strictObject({ emoji: z.enum(REACTION_KEYS, { error: `Choose one of: ${REACTION_KEYS.join(", ")}` }) }).register(z.globalRegistry, { id: "ReactionInput" }),
);
export type ReactionInput = z.infer<typeof reactionInputSchema>;
