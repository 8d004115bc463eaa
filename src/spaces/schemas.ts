import * as z from "zod/mini";
import "../lib/zod-messages";
import { POLL_KINDS, POLL_RESULTS } from "../../drizzle";
import { formatCount } from "../ui/format";
// Object schemas are built on first use (z.lazy), not while a new isolate starts: README, "Cold start".

/** Validation for posts, replies and polls, shared by the pages and the API. */

export const MAX_POST_TITLE = 200;
export const MAX_POST_BODY = 20_000;
export const MAX_REPLY_BODY = 10_000;
export const MAX_POLL_OPTIONS = 10;
export const MAX_POLL_OPTION = 100;

const body = (max: number) =>
  z.pipe(z.string({ error: "Write something" }).check(z.maxLength(max, `Keep it under ${formatCount(max)} characters`)), z.transform((s) => s.trim())).check(z.refine((s) => s.length > 0, "Write something"));

export const pollInputSchema = z.lazy(() =>
  z.strictObject({
      question: z.optional(z.string().check(z.trim(), z.maxLength(MAX_POST_TITLE, `Keep the question under ${MAX_POST_TITLE} characters`))),
      options: z.array(z.string().check(z.trim(), z.minLength(1, "An option cannot be empty"), z.maxLength(MAX_POLL_OPTION, `Keep each option under ${MAX_POLL_OPTION} characters`))).check(z.minLength(2, "A poll needs at least two options"), z.maxLength(MAX_POLL_OPTIONS, `A poll has at most ${MAX_POLL_OPTIONS} options`), z.refine((os) => new Set(os.map((o) => o.toLowerCase())).size === os.length, "Each option must be different")),
      kind: z._default(z.enum(POLL_KINDS), "single"),
      results: z._default(z.enum(POLL_RESULTS), "after_vote"),
      closesAt: z.optional(z.nullable(z.iso.datetime({ offset: true, error: "Give the closing time as a date and time" }))),
    }).register(z.globalRegistry, { id: "PollInput" }),
);

export const postInputSchema = z.lazy(() =>
  z.strictObject({
      title: z.pipe(z.optional(z.string().check(z.trim(), z.maxLength(MAX_POST_TITLE, `Keep the title under ${MAX_POST_TITLE} characters`))), z.transform((t) => t || null)),
      body: body(MAX_POST_BODY),
      poll: z.optional(z.nullable(pollInputSchema)),
    }).register(z.globalRegistry, { id: "PostInput" }),
);
export type PostInput = z.infer<typeof postInputSchema>;

export const replyInputSchema = z.lazy(() =>
  z.strictObject({ body: body(MAX_REPLY_BODY) }).register(z.globalRegistry, { id: "ReplyInput" }),
);
export type ReplyInput = z.infer<typeof replyInputSchema>;
