import type { Community, PromotionCode, Tier } from "../../drizzle";
import type { StaffAccess } from "../auth/roles";
import { AdminLayout, ErrorSummary } from "../communities/admin-layout";
import { Checkbox, SelectField, TextField } from "../communities/fields";
import { formatDate, formatMoney } from "../ui/format";
import { page } from "../ui/layout";
import { describeDiscount } from "./pricing";

export interface CodesPageProps {
  community: Community;
  role: StaffAccess;
  codes: PromotionCode[];
  tiers: Tier[];
  values?: Record<string, string>;
  errors?: Record<string, string>;
  error?: string | null;
  flash?: string | null;
}

const LABELS: Record<string, string> = {
  code: "Code",
  target: "For",
  tierId: "For",
  percentOff: "Percent off",
  amountOff: "Amount off",
  expiresAt: "Expires",
  maxRedemptions: "Maximum uses",
};

/** The owner's promotion codes: create one, and see each code's uses and what it brought in. */
export function renderCodesPage(p: CodesPageProps): string {
  const { community } = p;
  const v = p.values ?? { target: "fee" };
  const e = p.errors ?? {};
  const money = (n: number) => formatMoney(n, community.currency);
  const tierName = (id: string | null) => p.tiers.find((t) => t.id === id)?.name ?? "a tier";
  return page(
    <AdminLayout community={community} role={p.role} title="Promotion codes" current="codes" flash={p.flash} error={p.error}>
      <h1>Promotion codes</h1>
      <section class="card" aria-labelledby="codes-h">
        <h2 id="codes-h">Codes</h2>
        {p.codes.length ? (
          <div class="table-scroll">
            <table class="stack">
              <thead>
                <tr>
                  <th scope="col">Code</th>
                  <th scope="col">Discount</th>
                  <th scope="col">Used</th>
                  <th scope="col">Revenue</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {p.codes.map((c) => (
                  <tr>
                    <td data-label="Code">
                      <strong>{c.code}</strong>
                    </td>
                    <td data-label="Discount">
                      {describeDiscount(c, money)} {c.target === "fee" ? "the application fee" : `the first invoice of ${tierName(c.tierId)}`}
                      {c.firstTimeOnly ? " · first-time only" : ""}
                    </td>
                    <td data-label="Used" data-testid={`used-${c.code}`}>
                      {c.redeemed}
                      {c.maxRedemptions != null ? ` of ${c.maxRedemptions}` : ""}
                    </td>
                    <td data-label="Revenue" data-testid={`revenue-${c.code}`}>
                      {money(c.revenue)} <span class="muted">({money(c.discountTotal)} off)</span>
                    </td>
                    <td data-label="Status">
                      {!c.active ? "Stopped" : c.expiresAt && c.expiresAt <= new Date() ? "Expired" : c.expiresAt ? `Until ${formatDate(c.expiresAt)}` : "Active"}
                      {c.active ? (
                        <form method="post" action={`/c/${community.slug}/admin/codes/${c.id}/stop`}>
                          <button class="btn small secondary" type="submit" aria-label={`Stop the code ${c.code}`}>
                            Stop
                          </button>
                        </form>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p class="muted">No codes yet.</p>
        )}
      </section>
      <form method="post" action={`/c/${community.slug}/admin/codes`} class="card" novalidate>
        <h2>New code</h2>
        <ErrorSummary errors={e} labels={LABELS} />
        <TextField id="code" name="code" label="Code" value={v.code} error={e.code} maxlength={32} hint="What people type: letters, digits, - and _." />
        <SelectField
          id="target"
          name="target"
          label="For"
          value={v.target}
          error={e.target ?? e.tierId}
          options={[{ value: "fee", label: "The application fee" }, ...p.tiers.map((t) => ({ value: `tier:${t.id}`, label: `First invoice of ${t.name}` }))]}
        />
        <TextField id="percentOff" name="percentOff" label="Percent off" inputmode="numeric" value={v.percentOff} error={e.percentOff} hint="1 to 100; leave empty to give an amount instead." />
        <TextField id="amountOff" name="amountOff" label={`Amount off (${community.currency.toUpperCase()})`} inputmode="decimal" value={v.amountOff} error={e.amountOff} />
        <TextField id="expiresAt" name="expiresAt" label="Expires on (optional)" type="date" value={v.expiresAt} error={e.expiresAt} />
        <TextField id="maxRedemptions" name="maxRedemptions" label="Maximum uses (optional)" inputmode="numeric" value={v.maxRedemptions} error={e.maxRedemptions} />
        <Checkbox id="firstTimeOnly" name="firstTimeOnly" label="Only for people new to the community" checked={v.firstTimeOnly === "on"} />
        <div class="actions">
          <button class="btn" type="submit">
            Create the code
          </button>
        </div>
      </form>
    </AdminLayout>,
  );
}
