/**
 * The dev entry delivers the emulator's webhooks after each request that queued events (and
 * only then). Applicants paying at the same moment must each get their events delivered, once,
 * with the delivery runs taking turns.
 */
import { env } from "cloudflare:workers";
import { inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { applications } from "../../drizzle";
import { call, form, makeCommunity, tools } from "../helpers";

describe("webhook delivery in npm run dev", () => {
  it("applicants paying at the same moment all have their payment recorded, every event delivered once", async () => {
    const { community } = await makeCommunity({ feeAmount: 2500, feePolicy: "non_refundable" }, []);
    const emails = Array.from({ length: 6 }, (_, i) => `paying-${i}-${crypto.randomUUID().slice(0, 6)}@example.com`);
    const checkouts: string[] = [];
    for (const email of emails) {
      const res = await call(`/c/${community.slug}/apply`, { method: "POST", body: form({ name: "Ada", email, accept_rules: "yes" }), headers: { "content-type": "application/x-www-form-urlencoded" } });
      expect(res.status).toBe(303);
      checkouts.push(new URL(res.headers.get("location")!).pathname);
    }
    const paid = await Promise.all(checkouts.map((path) => call(`${path}/pay`, { method: "POST" })));
    for (const res of paid) expect(res.status).toBeLessThan(400);
    const undelivered = await env.STRIPE_EMULATOR_DB!.prepare("SELECT count(*) AS n FROM stripe_events WHERE delivered_at IS NULL").first<{ n: number }>();
    expect(undelivered?.n).toBe(0);
    const failed = await env.STRIPE_EMULATOR_DB!.prepare("SELECT count(*) AS n FROM stripe_events WHERE last_error IS NOT NULL OR attempts > 1").first<{ n: number }>();
    expect(failed?.n).toBe(0);
    const rows = await tools().deps.db.select().from(applications).where(inArray(applications.email, emails));
    expect(rows).toHaveLength(6);
    for (const row of rows) {
      expect(row.paymentStatus).toBe("paid");
      expect(row.paidAt).toBeInstanceOf(Date);
    }
  });
});
