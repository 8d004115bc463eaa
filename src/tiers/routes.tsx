import { Hono, type Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { BillingInterval, Tier, TierInvite } from "../../drizzle";
import type { AppEnv } from "../app-env";
import { flashFor, loadAdmin, OWNERS_ONLY, type AdminContext } from "../communities/admin-context";
import { readForm, toFieldErrors, type FieldErrors } from "../communities/forms";
import { AppError } from "../lib/errors";
import { page } from "../ui/layout";
import { formatDate } from "../ui/format";
import { TierEditPage, type TierEditPageProps } from "./edit-page";
import {
  emptyTierValues,
  parseDay,
  parseInviteForm,
  parseTierForm,
  readInviteForm,
  readMigrationForm,
  readTierForm,
  TIER_FIELD_RENAME,
  tierValuesOf,
} from "./form";
import { inviteUrl, listInvites } from "./invites";
import { earliestMigrationDate } from "./migration";
import { priceStats, tierOverview } from "./overview";
import { NewTierPage, TiersPage, tiersBase } from "./pages";
import { activePrices } from "./prices";
import { archiveTier, createInvite, createTier, getTier, listTiers, scheduleMigration, updateTier } from "./service";

const FLASH = {
  created: "Tier created, with its Stripe product and prices.",
  saved: "Tier saved. Price changes apply to new members only.",
  archived: "Tier archived.",
  scheduled: "Move scheduled. Every member concerned was emailed the new price and the date.",
  none: "Nobody pays an older price of that interval: there was nothing to schedule.",
  invited: "Invite created.",
};

/** The owner's tier pages: the pyramid, new and edit forms, price migrations, invites, archive. */
export const tierAdminRoutes = new Hono<AppEnv>();

const inviteLinker = (c: Context<AppEnv>, admin: AdminContext) => (invite: TierInvite) => inviteUrl(c.get("deps").config, admin.community.slug, invite.token);
const tierUrl = (admin: AdminContext, tier: Tier, done: keyof typeof FLASH) => `${tiersBase(admin.community)}/${tier.id}?done=${done}`;

/** A refusal the owner can act on (bad field, conflict, Stripe said no), or null for anything else. */
function refusal(err: unknown, rename: Record<string, string> = {}): { errors: FieldErrors; message: string | null; status: ContentfulStatusCode } | null {
  if (!(err instanceof AppError)) return null;
  if (err.details?.length) return { errors: toFieldErrors(err.details, rename), message: null, status: 400 };
  if (err.status === 409 || err.code === "stripe_error") return { errors: {}, message: err.message, status: err.status };
  return null;
}

tierAdminRoutes.get("/c/:slug/admin/tiers", async (c) => {
  const admin = await loadAdmin(c, OWNERS_ONLY);
  const deps = c.get("deps");
  const tiers = await tierOverview(deps.db, admin.community.id, deps.now());
  return c.html(page(<TiersPage community={admin.community} role={admin.role} tiers={tiers} inviteLink={inviteLinker(c, admin)} flash={flashFor(c, FLASH)} />));
});

tierAdminRoutes.get("/c/:slug/admin/tiers/new", async (c) => {
  const admin = await loadAdmin(c, OWNERS_ONLY);
  const existing = await listTiers(c.get("deps").db, admin.community.id);
  const nextRank = Math.min(100, Math.max(0, ...existing.map((t) => t.rank)) + 1);
  return c.html(page(<NewTierPage community={admin.community} role={admin.role} values={emptyTierValues(nextRank, admin.community.currency)} />));
});

tierAdminRoutes.post("/c/:slug/admin/tiers/new", async (c) => {
  const admin = await loadAdmin(c, OWNERS_ONLY);
  const values = readTierForm(await readForm(c));
  const render = (errors: FieldErrors, error: string | null, status: ContentfulStatusCode) =>
    c.html(page(<NewTierPage community={admin.community} role={admin.role} values={values} errors={errors} error={error} />), status);
  const parsed = parseTierForm(values);
  if (!parsed.ok) return render(parsed.errors, null, 400);
  try {
    await createTier(c.get("deps"), admin.community.id, parsed.value, admin.viewer.email);
  } catch (err) {
    const r = refusal(err, TIER_FIELD_RENAME);
    if (!r) throw err;
    return render(r.errors, r.message, r.status);
  }
  return c.redirect(`${tiersBase(admin.community)}?done=created`, 303);
});

type EditExtras = Partial<Pick<TierEditPageProps, "edit" | "migration" | "invite" | "error">>;

async function renderEdit(c: Context<AppEnv>, admin: AdminContext, tier: Tier, extras: EditExtras = {}, status: ContentfulStatusCode = 200) {
  const deps = c.get("deps");
  const now = deps.now();
  const [prices, stats, invites] = await Promise.all([activePrices(deps.db, tier.id), priceStats(deps.db, tier.id), listInvites(deps.db, tier.id)]);
  const createdId = status === 200 ? c.req.query("invite") : undefined;
  return c.html(
    page(
      <TierEditPage
        community={admin.community}
        role={admin.role}
        tier={tier}
        prices={prices}
        stats={stats}
        invites={invites}
        now={now}
        earliestMigration={formatDate(earliestMigrationDate(now))}
        inviteLink={inviteLinker(c, admin)}
        edit={extras.edit ?? { values: tierValuesOf(tier, prices), errors: {} }}
        migration={extras.migration}
        invite={extras.invite}
        created={createdId ? invites.find((i) => i.id === createdId) : null}
        flash={status === 200 ? flashFor(c, FLASH) : null}
        error={extras.error}
      />,
    ),
    status,
  );
}

async function loadTier(c: Context<AppEnv>) {
  const admin = await loadAdmin(c, OWNERS_ONLY);
  const tier = await getTier(c.get("deps").db, admin.community.id, c.req.param("id") ?? "");
  return { admin, tier };
}

tierAdminRoutes.get("/c/:slug/admin/tiers/:id", async (c) => {
  const { admin, tier } = await loadTier(c);
  return renderEdit(c, admin, tier);
});

tierAdminRoutes.post("/c/:slug/admin/tiers/:id", async (c) => {
  const { admin, tier } = await loadTier(c);
  const values = readTierForm(await readForm(c), tier.currency);
  const parsed = parseTierForm(values);
  if (!parsed.ok) return renderEdit(c, admin, tier, { edit: { values, errors: parsed.errors } }, 400);
  try {
    await updateTier(c.get("deps"), tier.id, parsed.value, admin.viewer.email);
  } catch (err) {
    const r = refusal(err, TIER_FIELD_RENAME);
    if (!r) throw err;
    return renderEdit(c, admin, tier, { edit: { values, errors: r.errors }, error: r.message }, r.status);
  }
  return c.redirect(tierUrl(admin, tier, "saved"), 303);
});

tierAdminRoutes.post("/c/:slug/admin/tiers/:id/migrations", async (c) => {
  const { admin, tier } = await loadTier(c);
  const values = readMigrationForm(await readForm(c));
  const effectiveAt = parseDay(values.effectiveAt);
  const fail = (errors: FieldErrors, error: string | null, status: ContentfulStatusCode) => renderEdit(c, admin, tier, { migration: { values, errors }, error }, status);
  if (!effectiveAt) return fail({ effectiveAt: "Enter a date like 2026-08-01" }, null, 400);
  let scheduled: number;
  try {
    ({ scheduled } = await scheduleMigration(c.get("deps"), tier.id, values.interval as BillingInterval, effectiveAt, admin.viewer.email, values.reason));
  } catch (err) {
    const r = refusal(err);
    if (!r) throw err;
    return fail(r.errors, r.message, r.status);
  }
  return c.redirect(tierUrl(admin, tier, scheduled ? "scheduled" : "none"), 303);
});

tierAdminRoutes.post("/c/:slug/admin/tiers/:id/invites", async (c) => {
  const { admin, tier } = await loadTier(c);
  const values = readInviteForm(await readForm(c));
  const fail = (errors: FieldErrors, error: string | null, status: ContentfulStatusCode) => renderEdit(c, admin, tier, { invite: { values, errors }, error }, status);
  const parsed = parseInviteForm(values);
  if (!parsed.ok) return fail(parsed.errors, null, 400);
  let invite: TierInvite;
  try {
    invite = await createInvite(c.get("deps"), tier.id, parsed.value, admin.viewer.email);
  } catch (err) {
    const r = refusal(err);
    if (!r) throw err;
    return fail(r.errors, r.message, r.status);
  }
  return c.redirect(`${tierUrl(admin, tier, "invited")}&invite=${invite.id}#invites`, 303);
});

tierAdminRoutes.post("/c/:slug/admin/tiers/:id/archive", async (c) => {
  const { admin, tier } = await loadTier(c);
  try {
    await archiveTier(c.get("deps"), tier.id, admin.viewer.email);
  } catch (err) {
    const r = refusal(err);
    if (!r) throw err;
    return renderEdit(c, admin, tier, { error: r.message }, r.status);
  }
  return c.redirect(`${tiersBase(admin.community)}?done=archived`, 303);
});
