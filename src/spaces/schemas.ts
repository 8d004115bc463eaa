// From the OpenAPI build of zod, so the API can document these schemas whatever the import order.
import { z } from "@hono/zod-openapi";
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
  z
    .string({ error: "Write something" })
    .max(max, `Keep it under ${formatCount(max)} characters`)
    .transform((s) => s.trim())
    .refine((s) => s.length > 0, "Write something");

export const pollInputSchema = z.lazy(() =>
  z
    .strictObject({
      question: z.string().trim().max(MAX_POST_TITLE, `Keep the question under ${MAX_POST_TITLE} characters`).optional(),
      options: z
        .array(z.string().trim().min(1, "An option cannot be empty").max(MAX_POLL_OPTION, `Keep each option under ${MAX_POLL_OPTION} characters`))
        .min(2, "A poll needs at least two options")
        .max(MAX_POLL_OPTIONS, `A poll has at most ${MAX_POLL_OPTIONS} options`)
        .refine((os) => new Set(os.map((o) => o.toLowerCase())).size === os.length, "Each option must be different"),
      kind: z.enum(POLL_KINDS).default("single"),
      results: z.enum(POLL_RESULTS).default("after_vote"),
      closesAt: z.iso.datetime({ offset: true, error: "Give the closing time as a date and time" }).nullable().optional(),
    })
    .openapi("PollInput"),
);

export const postInputSchema = z.lazy(() =>
  z
    .strictObject({
      title: z
        .string()
        .trim()
        .max(MAX_POST_TITLE, `Keep the title under ${MAX_POST_TITLE} characters`)
        .optional()
        .transform((t) => t || null),
      body: body(MAX_POST_BODY),
      poll: pollInputSchema.nullable().optional(),
    })
    .openapi("PostInput"),
);
export type PostInput = z.infer<typeof postInputSchema>;

export const replyInputSchema = z.lazy(() =>
  z.strictObject({ body: body(MAX_REPLY_BODY) }).openapi("ReplyInput"),
);
export type ReplyInput = z.infer<typeof replyInputSchema>;
