import * as z from "zod/mini";
import "../lib/zod-messages";
import { REFEREE_TARGETS, REWARD_KINDS } from "../../drizzle";
// Object schemas are built on first use (z.lazy), not while a new isolate starts: README, "Cold start".

export const referralProgramSchema = z.lazy(() =>
  z.strictObject({
      active: z.boolean(),
      refereeTarget: z.enum(REFEREE_TARGETS),
      refereePercentOff: z.nullish(z.number().check(z.int(), z.gte(1, "At least 1%"), z.lte(100, "At most 100%"))),
      refereeAmountOff: z.nullish(z.number().check(z.int(), z.gte(1, "At least 1 cent"), z.lte(10_000_000))),
      rewardKind: z.enum(REWARD_KINDS),
      /** coupon: percent off the referrer's next invoice; points: how many; credit: ignored. */
      rewardValue: z._default(z.number().check(z.int(), z.gte(0, "Not negative"), z.lte(100_000)), 0),
      refundWindowDays: z._default(z.number().check(z.int(), z.gte(0), z.lte(365)), 30),
    }).check(z.superRefine((v, ctx) => {
      if (v.refereePercentOff != null && v.refereeAmountOff != null) ctx.addIssue({ code: "custom", path: ["refereeAmountOff"], message: "Give a percentage or an amount, not both" });
      if (v.rewardKind === "coupon" && (v.rewardValue < 1 || v.rewardValue > 100)) ctx.addIssue({ code: "custom", path: ["rewardValue"], message: "A coupon reward is 1 to 100 percent off" });
      if (v.rewardKind === "points" && v.rewardValue < 1) ctx.addIssue({ code: "custom", path: ["rewardValue"], message: "Give at least 1 point" });
    })),
);
export type ReferralProgramInput = z.infer<typeof referralProgramSchema>;

/** Link tokens are 32 characters of our id alphabet; anything else is not a link. */
export const linkToken = z.lazy(() =>
  z.string().check(z.regex(/^[0-9a-z]{32}$/, "Not an invitation link")),
);
