import { z } from "@hono/zod-openapi";
// Object schemas are built on first use (z.lazy), not while a new isolate starts: README, "Cold start".

export const MAX_GIFT_MONTHS = 12;

const email = (what: string) => z.string().trim().toLowerCase().max(254, `${what} is too long`).pipe(z.email(`Enter ${what.toLowerCase()} like name@example.com`));

/** A gift order. The price is never accepted: it is the tier's monthly price times the months. */
export const giftOrderSchema = z.lazy(() =>
  z.strictObject({
    tierId: z.string().min(1, "Choose a tier").max(64, "Unknown tier"),
    months: z
      .number({ error: `Choose 1 to ${MAX_GIFT_MONTHS} months` })
      .int(`Choose 1 to ${MAX_GIFT_MONTHS} months`)
      .min(1, `Choose 1 to ${MAX_GIFT_MONTHS} months`)
      .max(MAX_GIFT_MONTHS, `Choose 1 to ${MAX_GIFT_MONTHS} months`),
    recipientName: z.string().trim().min(1, "The recipient's name is required").max(100, "Name must be at most 100 characters"),
    recipientEmail: email("The recipient's email"),
    buyerEmail: email("Your email"),
    message: z.string().trim().max(500, "The message must be at most 500 characters").optional(),
  }),
);
export type GiftOrder = z.infer<typeof giftOrderSchema>;
