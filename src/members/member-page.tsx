import type { Child } from "hono/jsx";
import type { Community, Tier } from "../../drizzle";
import type { StaffAccess } from "../auth/roles";
import { AdminLayout, ErrorSummary } from "../communities/admin-layout";
import { Checkbox, RadioGroup, SelectField, TextArea } from "../communities/fields";
import type { FieldErrors } from "../communities/forms";
import { formatDate, formatMoney } from "../ui/format";
import { STATUS_LABELS } from "./describe";
import type { MemberDetail } from "./queries";
import { FIELD_LABELS } from "./schemas";
import { canManage } from "../communities/admin-context";

export type MemberAction = "promote" | "demote" | "move" | "remove" | "ban" | "unban";

export interface MemberPageProps {
  community: Community;
  role: StaffAccess;
  member: MemberDetail;
  tiers: Tier[];
  flash?: string | null;
  error?: string | null;
  /** The form that was submitted with problems, to show its values and errors again. */
  form?: { action: MemberAction; values: Record<string, string>; errors: FieldErrors };
}

const LIVE = new Set(["incomplete", "trialing", "active", "past_due", "unpaid"]);

export function MemberPage(props: MemberPageProps) {
  const { community, role, member, flash, error } = props;
  const m = member.membership;
  return (
    <AdminLayout community={community} role={role} title={m.email} current="members" flash={flash} error={error}>
      <p>
        <a href={`/c/${community.slug}/admin/members`}>← All members</a>
      </p>
      <h1>{m.email}</h1>
      <Details member={member} />
      {canManage(role) ? <Actions {...props} /> : <p class="notice">Only owners can change memberships.</p>}
    </AdminLayout>
  );
}

function Details({ member }: { member: MemberDetail }) {
  const { membership: m, tier, price, staffRole, banned } = member;
  const rows: [string, Child][] = [
    ["Tier", `${tier.name} (rank ${tier.rank})`],
    ["Status", STATUS_LABELS[m.status]],
    ["Pays", m.comped ? "Comped (free)" : price ? `${formatMoney(price.amount, price.currency)} / ${price.interval}` : "—"],
    ["Staff role", staffRole ?? "none"],
    ["Banned", banned ? "yes" : "no"],
    ["Joined", formatDate(m.joinedAt) || "—"],
    ["Current period ends", m.currentPeriodEnd ? `${formatDate(m.currentPeriodEnd)}${m.cancelAtPeriodEnd ? " (cancels then)" : ""}` : "—"],
    ["Stripe subscription", m.stripeSubscriptionId ?? "—"],
  ];
  if (m.endedAt) rows.push(["Ended", `${formatDate(m.endedAt)}${m.endedReason ? ` — ${m.endedReason}` : ""}`]);
  return (
    <dl class="answers card">
      {rows.map(([k, v]) => (
        <>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </>
      ))}
    </dl>
  );
}

function Actions({ community, member, tiers, form }: MemberPageProps) {
  const m = member.membership;
  const base = `/c/${community.slug}/admin/members/${m.id}`;
  const live = LIVE.has(m.status);
  const f = (action: MemberAction) => (form?.action === action ? form : undefined);
  return (
    <>
      {member.staffRole === null ? (
        <ActionForm id="promote" title="Promote to moderator" base={base} button="Promote to moderator" form={f("promote")}>
          <p class="hint">Moderators review applications and see every tier. Their membership is unchanged.</p>
        </ActionForm>
      ) : null}
      {member.staffRole === "moderator" ? <ActionForm id="demote" title="Remove moderator role" base={base} button="Remove moderator role" form={f("demote")} /> : null}
      {live && m.status !== "incomplete" ? (
        <ActionForm id="move" title="Move to tier" base={base} button="Move" form={f("move")}>
          <SelectField
            id="move-tier"
            name="tierId"
            label="Tier"
            value={f("move")?.values.tierId ?? m.tierId}
            error={f("move")?.errors.tierId}
            options={tiers.filter((t) => !t.archivedAt).map((t) => ({ value: t.id, label: `${t.name} (rank ${t.rank})` }))}
          />
          <RadioGroup
            id="move-mode"
            name="mode"
            label="How they pay"
            value={f("move")?.values.mode ?? (m.comped || !m.stripeSubscriptionId ? "comped" : "paid")}
            error={f("move")?.errors.mode}
            options={[
              { value: "comped", label: "Comped", explanation: "Free; any subscription is cancelled now, without refund." },
              { value: "paid", label: "Paid", explanation: "Their subscription switches to the tier's price, prorated." },
            ]}
          />
        </ActionForm>
      ) : null}
      {live ? (
        <ActionForm id="remove" title="Remove" base={base} button="Remove member" form={f("remove")} danger>
          <p class="hint">Access ends at once and the subscription is cancelled at Stripe.</p>
          <Checkbox id="remove-refund" name="refund" label="Refund the current period" checked={f("remove")?.values.refund === "on"} />
        </ActionForm>
      ) : null}
      {m.status === "removed" && m.stripeSubscriptionId ? (
        <ActionForm id="remove" title="Finish at Stripe" base={base} button="Retry cancellation and refund" form={f("remove")}>
          <p class="hint">Cancels the subscription if it still runs, and refunds the current period once if you ask.</p>
          <Checkbox id="remove-refund" name="refund" label="Refund the current period" checked={f("remove")?.values.refund === "on"} />
        </ActionForm>
      ) : null}
      {member.banned ? (
        <ActionForm id="unban" title="Unban" base={base} button="Unban" form={f("unban")}>
          <p class="hint">They may apply again; they do not get their membership back.</p>
        </ActionForm>
      ) : member.staffRole !== "owner" ? (
        <ActionForm id="ban" title="Ban" base={base} button="Ban" form={f("ban")} danger>
          <p class="hint">Removes the membership (no refund) and any moderator role; this email can neither apply nor join again.</p>
        </ActionForm>
      ) : null}
    </>
  );
}

/** One action: its own fields, then the required, labelled Reason every action asks for. */
function ActionForm(props: { id: MemberAction; title: string; base: string; button: string; form?: MemberPageProps["form"]; danger?: boolean; children?: Child }) {
  const { id, title, base, button, form, danger, children } = props;
  const errors = form?.errors ?? {};
  return (
    <section class="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{title}</h2>
      <ErrorSummary errors={errors} labels={FIELD_LABELS} />
      <form method="post" action={`${base}/${id}`} novalidate>
        {children}
        <TextArea id={`${id}-reason`} name="reason" label="Reason" value={form?.values.reason} error={errors.reason} required rows={2} maxlength={1000} />
        <div class="actions">
          <button type="submit" class={danger ? "btn danger" : "btn"}>
            {button}
          </button>
        </div>
      </form>
    </section>
  );
}
