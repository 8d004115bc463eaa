import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { getCommunityById } from "../communities/service";
import { AppError, type FieldIssue } from "../lib/errors";
import { zodIssues } from "../lib/validation";
import { clientIp } from "../lib/rate-limit";
import { validateAnswers } from "./answers";
import { checkoutUrlFor, needsPayment, nextStepUrl } from "./checkout";
import type { FormValues } from "./form-fields";
import { landingData, submissionContext } from "./landing";
import { renderLanding } from "./landing-page";
import { renderStatus, type StatusProps } from "./pages";
import { syncApplicationPayment } from "./payments";
import { applicationSubmitSchema } from "./schemas";
import { feeForSubmission } from "../experiments/offers";
import { visitorOf } from "../experiments/visitor";
import { applicationLimits, getApplicationByToken, statusPageData, submitChecked } from "./service";
import { landingOffers, submissionOffer } from "../referrals/landing-offer";
import { formatMoney } from "../ui/format";

const FIXED_FIELDS = new Set(["name", "email", "accept_rules", "promotion_code", "listed_fee"]);

/** Reads the landing form: answers come as q_<questionId>; any other field is refused by name. */
export function readApplicationForm(body: Record<string, string | File | (string | File)[]>) {
  const values: FormValues = {};
  const answers: Record<string, string | string[]> = {};
  const unknown: FieldIssue[] = [];
  for (const [key, raw] of Object.entries(body)) {
    const value = Array.isArray(raw) ? raw.filter((v): v is string => typeof v === "string") : typeof raw === "string" ? raw : "";
    values[key] = value;
    if (key.startsWith("q_")) answers[key.slice(2)] = value;
    else if (!FIXED_FIELDS.has(key)) unknown.push({ field: key, message: "Unknown field" });
  }
  const input = {
    name: typeof values.name === "string" ? values.name : "",
    email: typeof values.email === "string" ? values.email : "",
    acceptRules: values.accept_rules === "yes",
    answers,
  };
  return { values, input, unknown };
}

export const landingRoutes = new Hono<AppEnv>()
  .get("/c/:slug", async (c) => {
    // The fee and tier prices on screen are the ones charged: running price tests decide them per visitor.
    const { community, fee, ...data } = await landingData(c, c.req.param("slug"), visitorOf(c), { expose: true });
    const offers = await landingOffers(c, community, fee.price);
    return c.html(renderLanding({ community: { ...community, feeAmount: offers.fee.amount }, ...data, offers }));
  })
  // A failed submit leaves the browser on /apply; reloading or sharing that address must still work.
  .get("/c/:slug/apply", (c) => c.redirect(`/c/${encodeURIComponent(c.req.param("slug"))}#apply-h`, 303))
  .post("/c/:slug/apply", async (c) => {
    const deps = c.get("deps");
    const visitor = visitorOf(c);
    const { values, input, unknown } = readApplicationForm(await c.req.parseBody({ all: true }));
    const parsed = unknown.length ? null : applicationSubmitSchema.safeParse(input);
    const email = parsed?.success ? parsed.data.email : null;
    // Only a well-formed form counts against the limits; the counters ride in the read batch.
    const limits = email ? await applicationLimits(deps, email, clientIp(c)) : null;
    // Round trip 1: the community, its questions and live fee test, this visitor's assignment,
    // the ban and open-application checks for this address, and the rate-limit counters.
    const context = await submissionContext(c, c.req.param("slug"), visitor, email, limits);
    const stored = context.config.community;
    const { fee, write: assignment } = feeForSubmission(deps, context.config, visitor, email, context.feeAssignmentByEmail);
    let community = { ...stored, feeAmount: fee.price };
    let offer: Awaited<ReturnType<typeof submissionOffer>> = null;
    // The page is shown again only when something needs fixing, so only then is the rest loaded.
    const rerender = async (issues: FieldIssue[], status: 400 | 403 | 409, formError?: string) => {
      const { community: _c, fee: _f, ...shown } = await landingData(c, stored.slug, visitor, { expose: false });
      const offers = await landingOffers(c, stored, fee.price);
      return c.html(renderLanding({ community: { ...community, feeAmount: offers.fee.amount }, ...shown, offers, values, issues, formError }), status);
    };
    if (unknown.length) return rerender(unknown, 400, "This form was changed before it was sent");
    // The page may have shown a fee that has changed since (an owner's edit, a price test ending):
    // nothing is written or charged, and the form comes back with the fee that would be charged.
    const listed = values.listed_fee;
    if (listed !== undefined && !(typeof listed === "string" && /^\d{1,9}$/.test(listed))) {
      return rerender([{ field: "listed_fee", message: "Must be the fee the page showed, in minor units" }], 400, "This form was changed before it was sent");
    }
    if (listed !== undefined && Number(listed) !== fee.price) {
      const was = formatMoney(Number(listed), stored.currency);
      return rerender([], 409, `The application fee is now ${formatMoney(fee.price, stored.currency)} (this page showed ${was}). Nothing was charged: check the fee below and send the form again.`);
    }
    limits?.enforce(context.limitResults);
    let application;
    try {
      if (!parsed?.success) throw AppError.validation(parsed ? zodIssues(parsed.error) : []);
      // A referral link or promotion code lowers the fee (read only when there is one of them).
      offer = await submissionOffer(c, stored, fee.price, values.promotion_code, parsed.data.email);
      community = { ...stored, feeAmount: offer?.price.amount ?? fee.price };
      // Round trip 2: the application, its timeline, its email, the visitor's assignment and the offer's writes, in one batch.
      const pricing = { feeAmount: community.feeAmount, variantId: fee.variant?.id ?? null, visitorId: fee.variant ? visitor.id : null };
      const also = (app: { id: string }) => [...(assignment ? [assignment] : []), ...(offer?.writes(app.id, deps.now()) ?? [])];
      application = await submitChecked(deps, stored, parsed.data, pricing, context.checks, also).catch((e) => {
        throw offer ? offer.explain(e) : e;
      });
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      // Answer problems and the shape problems are shown together, so one resubmission fixes all.
      const shapeIssues = parsed?.success ? [] : zodIssues(parsed!.error);
      const answerIssues = parsed?.success ? (err.details ?? []) : validateAnswers(context.config.questions, input.answers).issues;
      if (err.status === 409) return rerender(err.details ?? [], 409, err.message);
      if (err.status === 403) return rerender([], 403, err.message);
      return rerender([...shapeIssues, ...answerIssues], 400);
    }
    // Round trip 3: the Checkout Session is stored on the application (without an offer there is no discount to read).
    return c.redirect(await nextStepUrl(deps, community, application, offer ? undefined : { discount: null }), 303);
  })
  .get("/a/:token", async (c) => {
    const deps = c.get("deps");
    let data = await statusPageData(deps.db, c.req.param("token"));
    // Back from Checkout before the webhook: ask Stripe directly, the same order-safe sync.
    if (c.req.query("checkout") === "success" && needsPayment(data.app) && data.app.checkoutSessionId) {
      await syncApplicationPayment(deps, data.app);
      data = await statusPageData(deps.db, data.app.statusToken);
    }
    c.header("Cache-Control", "no-store");
    return c.html(renderStatus({ ...data, appUrl: deps.config.appUrl, notice: noticeFor(c.req.query("checkout"), data.app) }));
  })
  .post("/a/:token/pay", async (c) => {
    const deps = c.get("deps");
    const app = await getApplicationByToken(deps.db, c.req.param("token"));
    if (!needsPayment(app)) return c.redirect(`/a/${app.statusToken}`, 303);
    const community = await getCommunityById(deps.db, app.communityId);
    try {
      return c.redirect(await checkoutUrlFor(deps, community, app), 303);
    } catch (err) {
      if (err instanceof AppError && err.status === 409) return c.redirect(`/a/${app.statusToken}`, 303);
      console.error("checkout could not be opened", app.id, err);
      return c.redirect(`/a/${app.statusToken}?checkout=unavailable`, 303);
    }
  });

function noticeFor(checkout: string | undefined, app: StatusProps["app"]): StatusProps["notice"] {
  if (checkout === "success" && !needsPayment(app)) return { tone: "ok", text: "Thank you, your payment went through." };
  if (checkout === "success") return { tone: "warn", text: "We are confirming your payment with Stripe. Refresh this page in a moment." };
  if (checkout === "cancelled" && needsPayment(app)) return { tone: "warn", text: "You left the payment page. Your answers are saved; pay whenever you are ready." };
  if (checkout === "unavailable") return { tone: "bad", text: "We could not open the payment page just now. Your answers are saved; please try again." };
  return undefined;
}
