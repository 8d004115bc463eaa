/** @jsxImportSource hono/jsx */
import { type Context, Hono } from "hono";
import { raw } from "hono/html";
import type { JSX } from "hono/jsx/jsx-runtime";
import { type EmuCtx, formatAmount, isHttpUrl, PAGES_BASE, runTx } from "./core";
import { StripeApiError } from "./errors";
import { dateLabel, Page, priceLabel } from "./layout";
import { cancelSubscriptionNow, updateSubscription } from "./ops-billing";
import { loadSession, paySession, successRedirect } from "./ops-checkout";
import type { Obj } from "./store";

/** The hosted checkout page and the billing portal, as Stripe would host them. */

const html = (c: Context, body: JSX.Element, status = 200) => c.html(<>{raw("<!doctype html>")}{body}</>, status as 200);

function ErrorPage(props: { title: string; message: string }) {
  return (
    <Page title={props.title}>
      <h1>{props.title}</h1>
      <p class="alert" role="alert">{props.message}</p>
    </Page>
  );
}

export function htmlError(c: Context, e: unknown): Response | Promise<Response> {
  if (e instanceof StripeApiError) {
    const title = e.status === 404 ? "Not found" : e.status === 409 ? "Cannot do that now" : "Request refused";
    return html(c, <ErrorPage title={title} message={e.message} />, e.status);
  }
  throw e;
}

function CheckoutPage(props: { s: Obj; declined: boolean; needsEmail: boolean }) {
  const { s } = props;
  const base = `${PAGES_BASE}/checkout/${s.id}`;
  const trialDays = s._subscription_data?.trial_period_days;
  const subtotal = s._line_items.data.reduce((n: number, li: Obj) => n + li.amount_subtotal, 0);
  const hold = s.mode === "payment" && s._payment_intent_data?.capture_method === "manual";
  return (
    <Page title="Threshold test checkout">
      <h1>Threshold test checkout</h1>
      {props.declined && s.status === "open" ? <p class="alert" role="alert">Your card was declined. Nothing was charged; you can try again.</p> : null}
      <section aria-labelledby="summary">
        <h2 id="summary">Order summary</h2>
        <ul class="items">
          {s._line_items.data.map((li: Obj) => (
            <li>
              <span>{li.description ?? "Item"}{li.quantity > 1 ? ` × ${li.quantity}` : ""}</span>
              <span>{priceLabel(li.amount_subtotal, li.currency, li.price.recurring)}</span>
            </li>
          ))}
        </ul>
        {s.total_details?.amount_discount ? (
          <p class="total"><span>Discount</span><span data-testid="discount">{`−${formatAmount(s.total_details.amount_discount, s.currency)}`}</span></p>
        ) : null}
        <p class="total"><span>Total due today</span><span data-testid="amount">{formatAmount(s.amount_total, s.currency)}</span></p>
        {trialDays ? <p class="muted">{`${trialDays}-day free trial, then ${formatAmount(subtotal, s.currency)} per period.`}</p> : null}
        {hold ? <p class="muted">Your card is authorised now and charged only when the payment is captured.</p> : null}
      </section>
      {s.status === "open" ? (
        <>
          <form method="post" action={`${base}/pay`}>
            {props.needsEmail ? (
              <>
                <label for="email">Email</label>
                <input id="email" name="email" type="email" required autocomplete="email" value="buyer@example.com" />
              </>
            ) : (
              <p class="muted">Paying as {s.customer_email ?? "the signed-in customer"} with test card •••• 4242.</p>
            )}
            <div class="actions">
              <button type="submit">Pay</button>
            </div>
          </form>
          <form method="post" action={`${base}/decline`}>
            <div class="actions">
              <button type="submit" class="danger">Decline</button>
              <span class="muted">simulates a declined card</span>
            </div>
          </form>
          {s.cancel_url && isHttpUrl(s.cancel_url) ? <p><a href={s.cancel_url}>Back</a></p> : null}
        </>
      ) : (
        <p class="status" role="status">
          {s.status === "complete" ? "This checkout is complete." : "This checkout session has expired."}{" "}
          {s.status === "complete" && s.success_url ? <a href={successRedirect(s)}>Continue</a> : null}
          {s.status !== "complete" && s.cancel_url ? <a href={s.cancel_url}>Back</a> : null}
        </p>
      )}
    </Page>
  );
}

const PORTAL_MESSAGES: Record<string, string> = {
  "cancel-at-period-end": "Your subscription will end at the end of the current period.",
  resume: "Your subscription will renew as usual.",
  "cancel-now": "Your subscription has been canceled.",
  "switch-price": "Your plan has been changed.",
};

function PortalPage(props: { portal: Obj; customer: Obj; subs: Obj[]; prices: Obj[]; products: Map<string, Obj>; updated?: string; appUrl: string }) {
  const { portal, subs, prices, products } = props;
  const base = `${PAGES_BASE}/portal/${portal.id}`;
  const name = (p: Obj) => `${products.get(p.product)?.name ?? p.product} — ${priceLabel(p.unit_amount, p.currency, p.recurring)}`;
  return (
    <Page title="Threshold test billing portal">
      <h1>Threshold test billing portal</h1>
      <p class="muted">Signed in as {props.customer.email ?? props.customer.id}</p>
      {props.updated && PORTAL_MESSAGES[props.updated] ? <p class="status" role="status">{PORTAL_MESSAGES[props.updated]}</p> : null}
      <h2>Subscriptions</h2>
      {subs.length === 0 ? <p>No subscriptions.</p> : null}
      {subs.map((sub) => {
        const item = sub.items.data[0];
        const action = (a: string) => `${base}/subscriptions/${sub.id}/${a}`;
        const live = sub.status !== "canceled";
        return (
          <section class="sub" aria-label={`Subscription ${sub.id}`}>
            <p><strong>{products.get(item.price.product)?.name ?? item.price.product}</strong> · {priceLabel(item.price.unit_amount, item.price.currency, item.price.recurring)}</p>
            <p class="muted">
              Status: {sub.status}
              {live ? ` · ${sub.cancel_at_period_end ? "ends" : "renews"} on ${dateLabel(item.current_period_end)}` : ` · ended ${dateLabel(sub.ended_at)}`}
            </p>
            {live ? (
              <>
                <div class="actions">
                  {sub.cancel_at_period_end ? (
                    <form method="post" action={action("resume")}><button type="submit">Resume</button></form>
                  ) : (
                    <form method="post" action={action("cancel-at-period-end")}><button type="submit" class="secondary">Cancel at period end</button></form>
                  )}
                  <form method="post" action={action("cancel-now")}><button type="submit" class="danger">Cancel now</button></form>
                </div>
                <form method="post" action={action("switch-price")}>
                  <label for={`price-${sub.id}`}>Switch plan</label>
                  <select id={`price-${sub.id}`} name="price">
                    {prices.filter((p) => p.currency === sub.currency).map((p) => <option value={p.id} selected={p.id === item.price.id}>{name(p)}</option>)}
                  </select>
                  <div class="actions"><button type="submit" class="secondary">Switch plan</button></div>
                </form>
              </>
            ) : null}
          </section>
        );
      })}
      <p><a href={portal.return_url && isHttpUrl(portal.return_url) ? portal.return_url : props.appUrl}>Return to Threshold</a></p>
    </Page>
  );
}

export function registerHostedPages(app: Hono, ctx: EmuCtx): void {
  app.get("/checkout/:id", async (c) => {
    const s = await runTx(ctx, (tx) => loadSession(tx, c.req.param("id")));
    return html(c, <CheckoutPage s={s} declined={c.req.query("declined") === "1"} needsEmail={!s.customer && !s.customer_email} />);
  });

  app.post("/checkout/:id/pay", async (c) => {
    const form = await c.req.parseBody();
    const email = typeof form.email === "string" && /^[^\s@]+@[^\s@]+$/.test(form.email) ? form.email : null;
    const s = await runTx(ctx, async (tx) => paySession(tx, await loadSession(tx, c.req.param("id")), { email }));
    // The app knows before the browser lands on success_url. Tests pass ?deliver=0 to send the
    // queued events themselves, in the order (and as often) they choose.
    if (c.req.query("deliver") !== "0") await ctx.deliverPending();
    return c.redirect(successRedirect(s), 303);
  });

  app.post("/checkout/:id/decline", async (c) => {
    const s = await runTx(ctx, (tx) => loadSession(tx, c.req.param("id")));
    if (s.status !== "open") throw new StripeApiError(409, "invalid_request_error", `This Checkout Session is ${s.status}; it can no longer be paid.`);
    return c.redirect(`${PAGES_BASE}/checkout/${s.id}?declined=1`, 303);
  });

  app.get("/portal/:id", async (c) => {
    const view = await runTx(ctx, async (tx) => {
      const portal = await tx.must(c.req.param("id"), "billing_portal.session");
      const customer = await tx.must(portal.customer, "customer");
      const subs = (await tx.list("subscription", { customer: customer.id }, { limit: 100 })).data;
      const prices = (await tx.list("price", { active: true, type: "recurring" }, { limit: 100 })).data;
      const products = new Map<string, Obj>();
      for (const p of [...prices, ...subs.map((s) => s.items.data[0].price)]) {
        if (!products.has(p.product)) products.set(p.product, (await tx.get(p.product)) ?? { name: p.product });
      }
      return { portal, customer, subs, prices, products };
    });
    return html(c, <PortalPage {...view} updated={c.req.query("updated")} appUrl={ctx.appUrl} />);
  });

  app.post("/portal/:id/subscriptions/:sub/:action", async (c) => {
    const action = c.req.param("action");
    if (!PORTAL_MESSAGES[action]) throw new StripeApiError(404, "invalid_request_error", `Unknown portal action: ${action}`, "resource_missing");
    const form = await c.req.parseBody();
    await runTx(ctx, async (tx) => {
      const portal = await tx.must(c.req.param("id"), "billing_portal.session");
      const sub = await tx.must(c.req.param("sub"), "subscription", "subscription");
      if (sub.customer !== portal.customer) throw new StripeApiError(404, "invalid_request_error", "No such subscription for this customer.", "resource_missing");
      if (action === "cancel-now") return cancelSubscriptionNow(tx, sub);
      if (action === "switch-price") {
        const price = typeof form.price === "string" ? form.price : "";
        return updateSubscription(tx, sub, { items: [{ id: sub.items.data[0].id, price, param: "items[0]" }] });
      }
      return updateSubscription(tx, sub, { cancelAtPeriodEnd: action === "cancel-at-period-end" });
    });
    await ctx.deliverPending();
    return c.redirect(`${PAGES_BASE}/portal/${c.req.param("id")}?updated=${action}`, 303);
  });
}
