import type { Hono } from "hono";
import { listOpts, type Wrap } from "./api";
import { render, renderList } from "./core";
import { createBalanceTransaction, createCoupon, createPromotionCode } from "./ops-discounts";

/** Coupons, promotion codes and customer balance transactions. */
export function registerDiscountRoutes(app: Hono, wrap: Wrap): void {
  app.post("/v1/coupons", wrap(async ({ tx, args, expand }) => render(tx, createCoupon(tx, args), expand)));
  app.get("/v1/coupons/:id", wrap(async ({ tx, param, expand }) => render(tx, await tx.must(param("id"), "coupon"), expand)));
  app.delete(
    "/v1/coupons/:id",
    wrap(async ({ tx, param }) => {
      // Deleting a coupon stops new redemptions; discounts already applied keep working.
      const coupon = await tx.must(param("id"), "coupon");
      coupon.valid = false;
      tx.put(coupon);
      return { id: coupon.id, object: "coupon", deleted: true };
    }),
  );

  app.post("/v1/promotion_codes", wrap(async ({ tx, args, expand }) => render(tx, await createPromotionCode(tx, args), expand)));
  app.get("/v1/promotion_codes/:id", wrap(async ({ tx, param, expand }) => render(tx, await tx.must(param("id"), "promotion_code"), expand)));
  app.post(
    "/v1/promotion_codes/:id",
    wrap(async ({ tx, args, param, expand }) => {
      const promo = await tx.must(param("id"), "promotion_code");
      const active = args.bool("active");
      if (active !== undefined) promo.active = active;
      promo.metadata = args.metadata(promo.metadata);
      return render(tx, tx.put(promo), expand);
    }),
  );
  app.get(
    "/v1/promotion_codes",
    wrap(async ({ tx, args, expand }) => {
      const where = { code: args.str("code") || undefined, active: args.bool("active"), "promotion.coupon": args.str("coupon") || undefined };
      return renderList(tx, await tx.list("promotion_code", where, listOpts(args)), "/v1/promotion_codes", expand);
    }),
  );

  app.post(
    "/v1/customers/:id/balance_transactions",
    wrap(async ({ tx, args, param, expand }) => render(tx, createBalanceTransaction(tx, await tx.must(param("id"), "customer"), args), expand)),
  );
  app.get(
    "/v1/customers/:id/balance_transactions",
    wrap(async ({ tx, args, param, expand }) => {
      const customer = await tx.must(param("id"), "customer");
      const list = await tx.list("customer_balance_transaction", { customer: customer.id }, listOpts(args));
      return renderList(tx, list, `/v1/customers/${customer.id}/balance_transactions`, expand);
    }),
  );
}
