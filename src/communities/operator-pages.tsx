import type { Child } from "hono/jsx";
import type { Community } from "../../drizzle";
import { formatMoney } from "../ui/format";
import { Layout } from "../ui/layout";
import { ErrorSummary } from "./admin-layout";
import { FEE_POLICY_OPTIONS, FEE_POLICY_TEXT } from "./fee-policy";
import { RadioGroup, SelectField, TextField } from "./fields";
import type { FieldErrors } from "./forms";
import { CURRENCY_OPTIONS } from "./pages";

export interface CreateValues {
  slug: string;
  name: string;
  fee: string;
  currency: string;
  feePolicy: string;
  owners: string;
}

export const CREATE_LABELS: Record<string, string> = {
  slug: "Slug",
  name: "Name",
  fee: "Application fee",
  currency: "Currency",
  feePolicy: "Fee policy",
  owners: "Owner emails",
};

function OperatorLayout({ title, children }: { title: string; children?: Child }) {
  return (
    <Layout title={`${title} · Threshold`}>
      <nav aria-label="Operator" class="actions">
        <a href="/admin/communities" class="btn small secondary">
          All communities
        </a>
        <a href="/admin/communities/new" class="btn small secondary">
          New community
        </a>
      </nav>
      {children}
    </Layout>
  );
}

export function CommunityListPage({ communities }: { communities: Community[] }) {
  return (
    <OperatorLayout title="Communities">
      <h1>Communities</h1>
      {communities.length === 0 ? (
        <p class="notice">
          No communities yet. <a href="/admin/communities/new">Create the first one</a>.
        </p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Slug</th>
              <th scope="col">Fee</th>
              <th scope="col">Fee policy</th>
              <th scope="col">Admin</th>
            </tr>
          </thead>
          <tbody>
            {communities.map((c) => (
              <tr>
                <td>
                  <a href={`/c/${c.slug}`}>{c.name}</a> {c.status === "draft" ? <span class="badge todo">Draft</span> : null}
                </td>
                <td>{c.slug}</td>
                <td>{c.feeAmount === 0 ? "No fee" : formatMoney(c.feeAmount, c.currency)}</td>
                <td>{FEE_POLICY_TEXT[c.feePolicy].label}</td>
                <td>
                  {c.status === "draft" ? (
                    <>
                      <a href={`/c/${c.slug}/admin/launch`}>Launch checklist</a> ·{" "}
                    </>
                  ) : null}
                  <a href={`/c/${c.slug}/admin/applications`}>Applications</a> · <a href={`/c/${c.slug}/admin/settings`}>Settings</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </OperatorLayout>
  );
}

export function NewCommunityPage({ values, errors = {} }: { values: CreateValues; errors?: FieldErrors }) {
  return (
    <OperatorLayout title="New community">
      <h1>New community</h1>
      <p class="lead">Name the owners; they sign in with these emails and fill in the description, rules and questions.</p>
      <ErrorSummary errors={errors} labels={CREATE_LABELS} />
      <form method="post" action="/admin/communities" class="card" novalidate>
        <TextField
          id="slug"
          name="slug"
          label="Slug"
          value={values.slug}
          error={errors.slug}
          hint="The address: /c/your-slug. 3-48 lower-case letters, digits or dashes."
        />
        <TextField id="name" name="name" label="Name" value={values.name} error={errors.name} maxlength={80} />
        <TextField id="fee" name="fee" label="Application fee" value={values.fee} error={errors.fee} inputmode="decimal" hint="Like 25.00; 0 for no fee." />
        <SelectField id="currency" name="currency" label="Currency" value={values.currency} error={errors.currency} options={CURRENCY_OPTIONS} />
        <RadioGroup id="feePolicy" name="feePolicy" label="Fee policy" value={values.feePolicy} error={errors.feePolicy} options={FEE_POLICY_OPTIONS} />
        <TextField
          id="owners"
          name="owners"
          label="Owner emails"
          value={values.owners}
          error={errors.owners}
          hint="Comma-separated, for example ana@example.com, li@example.com"
        />
        <div class="actions">
          <button type="submit" class="btn">
            Create community
          </button>
        </div>
      </form>
    </OperatorLayout>
  );
}
