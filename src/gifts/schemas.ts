import * as z from "zod/mini";
import "../lib/zod-messages";
// Object schemas are built on first use (z.lazy), not while a new isolate starts: README, "Cold start".

export const MAX_GIFT_MONTHS = 12;

const email = (what: string) => z.pipe(z.string().check(z.trim(), z.toLowerCase(), z.maxLength(254, `${what} is too long`)), z.email(`Enter ${what.toLowerCase()} like name@example.com`));

/** A gift order. The price is never accepted: it is the tier's monthly price times the months. */
export const giftOrderSchema = z.lazy(() =>
  z.strictObject({
    tierId: z.string().check(z.minLength(1, "Choose a tier"), z.maxLength(64, "Unknown tier")),
    months: z.number({ error: `Choose 1 to ${MAX_GIFT_MONTHS} months` }).check(z.int(`Choose 1 to ${MAX_GIFT_MONTHS} months`), z.gte(1, `Choose 1 to ${MAX_GIFT_MONTHS} months`), z.lte(MAX_GIFT_MONTHS, `Choose 1 to ${MAX_GIFT_MONTHS} months`)),
    recipientName: z.string().check(z.trim(), z.minLength(1, "The recipient's name is required"), z.maxLength(100, "Name must be at most 100 characters")),
    recipientEmail: email("The recipient's email"),
    buyerEmail: email("Your email"),
    message: z.optional(z.string().check(z.trim(), z.maxLength(500, "The message must be at most 500 characters"))),
  }),
);
export type GiftOrder = z.infer<typeof giftOrderSchema>;
