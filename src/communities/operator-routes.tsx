import { Hono, type Context } from "hono";
import { csrf } from "hono/csrf";
import type { AppEnv } from "../app-env";
import { isOperator } from "../auth/roles";
import { requireViewer } from "../auth/session";
import { AppError } from "../lib/errors";
import { page } from "../ui/layout";
import { formText, parseMajorAmount, readForm, toFieldErrors, validate, type FieldErrors, type FormBody } from "./forms";
import { CommunityListPage, NewCommunityPage, type CreateValues } from "./operator-pages";
import { CURRENCIES, communityCreateSchema } from "./schemas";
import { createCommunity, listCommunities } from "./service";

/** The deployment's operators create communities and name their owners. */
export const operatorRoutes = new Hono<AppEnv>();

// The app guards /c/* form posts; these cookie-authenticated forms need the same origin check.
operatorRoutes.use("/admin/*", csrf());

async function requireOperator(c: Context<AppEnv>) {
  const viewer = await requireViewer(c);
  if (!isOperator(c.get("deps").config, viewer.email)) throw AppError.forbidden("Only the operators of this deployment can manage communities");
  return viewer;
}

const EMPTY: CreateValues = { slug: "", name: "", fee: "0.00", currency: "usd", feePolicy: "non_refundable", owners: "" };

function readCreateForm(form: FormBody): CreateValues {
  const values = { ...EMPTY };
  for (const key of Object.keys(EMPTY) as (keyof CreateValues)[]) values[key] = formText(form, key).trim();
  values.slug = values.slug.toLowerCase();
  return values;
}

function parseCreate(values: CreateValues) {
  const formErrors: FieldErrors = {};
  const currency = (CURRENCIES as readonly string[]).includes(values.currency) ? values.currency : "usd";
  const fee = parseMajorAmount(values.fee, currency);
  if ("error" in fee) formErrors.fee = fee.error;
  const owners = values.owners
    .split(/[\s,;]+/)
    .map((e) => e.toLowerCase())
    .filter(Boolean);
  const input = {
    slug: values.slug,
    name: values.name,
    feeAmount: "amount" in fee ? fee.amount : 0,
    currency: values.currency,
    feePolicy: values.feePolicy,
    owners,
  };
  return validate(communityCreateSchema, input, formErrors, { feeAmount: "fee" });
}

const renderNew = (c: Context<AppEnv>, values: CreateValues, errors: FieldErrors, status: 200 | 400 | 409) =>
  c.html(page(<NewCommunityPage values={values} errors={errors} />), status);

operatorRoutes.get("/admin/communities", async (c) => {
  await requireOperator(c);
  const communities = await listCommunities(c.get("deps").db);
  return c.html(page(<CommunityListPage communities={communities} />));
});

operatorRoutes.get("/admin/communities/new", async (c) => {
  await requireOperator(c);
  return renderNew(c, EMPTY, {}, 200);
});

operatorRoutes.post("/admin/communities", async (c) => {
  await requireOperator(c);
  const values = readCreateForm(await readForm(c));
  const parsed = parseCreate(values);
  if (!parsed.ok) return renderNew(c, values, parsed.errors, 400);
  try {
    const community = await createCommunity(c.get("deps"), parsed.value);
    return c.redirect(`/c/${community.slug}/admin/launch?done=created`, 303);
  } catch (e) {
    if (e instanceof AppError && e.status === 409) return renderNew(c, values, toFieldErrors(e.details ?? [{ field: "slug", message: e.message }]), 409);
    // Two creations raced past the slug check; the unique index let only one in.
    if (String(e).includes("UNIQUE constraint failed: communities.slug")) return renderNew(c, values, { slug: "Already in use" }, 409);
    throw e;
  }
});
