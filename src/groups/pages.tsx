import type { ApplicationGroup, Community, GroupOffer, GroupSeat, Question } from "../../drizzle";
import { GroupProgress, GroupTerms } from "../applications/group-card";
import { ApplyForm } from "../applications/landing-page";
import type { FormValues } from "../applications/form-fields";
import type { StaffAccess } from "../auth/roles";
import { AdminLayout, ErrorSummary, FieldError } from "../communities/admin-layout";
import type { FieldIssue } from "../lib/errors";
import { formatDateTime, formatMoney } from "../ui/format";
import { Layout, page } from "../ui/layout";

export interface GroupPageProps {
  community: Community;
  questions: Question[];
  offer: Pick<ApplicationGroup, "size" | "fullFee" | "groupFee" | "currency" | "onUnfilled">;
  /** The group being joined; absent on the page that starts one. */
  joining?: { group: ApplicationGroup; seats: GroupSeat[]; shareUrl: string };
  hours?: number;
  values?: FormValues;
  issues?: FieldIssue[];
  formError?: string;
}

/** Start a group, or join one through its link: the deal in words, then the usual application form. */
export function renderGroupPage(props: GroupPageProps): string {
  const { community, offer, joining } = props;
  const price = formatMoney(offer.groupFee, offer.currency);
  const deadlineText = joining ? `by ${formatDateTime(joining.group.deadline)}` : `within ${props.hours} hours of the group starting`;
  const action = joining ? `/c/${community.slug}/group/${joining.group.id}` : `/c/${community.slug}/group`;
  return page(
    <Layout title={joining ? `Join a group applying to ${community.name}` : `Apply to ${community.name} as a group`}>
      <p class="muted">
        <a href={`/c/${community.slug}`}>{community.name}</a> · group application
      </p>
      <h1>{joining ? `Join your friends' group for ${community.name}` : `Apply to ${community.name} as a group of ${offer.size}`}</h1>
      <section class="card" aria-labelledby="deal-h">
        <h2 id="deal-h">
          {price} each instead of {formatMoney(offer.fullFee, offer.currency)}
        </h2>
        <GroupTerms group={{ ...offer, deadlineText }} />
      </section>
      {joining ? <GroupProgress {...joining} /> : null}
      <ApplyForm {...props} action={action} submitLabel={`Continue to authorise ${formatMoney(offer.fullFee, offer.currency)}`} />
    </Layout>,
  );
}

/** Shown instead of the form when a group link can no longer be used. */
export function renderGroupClosed(community: Community, message: string): string {
  return page(
    <Layout title={`Group closed: ${community.name}`} narrow>
      <h1>This group can no longer be joined</h1>
      <p>{message}</p>
      <p>
        <a class="btn" href={`/c/${community.slug}`}>
          Apply to {community.name}
        </a>
      </p>
    </Layout>,
  );
}

export interface GroupOfferValues {
  enabled: boolean;
  size: string;
  groupFee: string;
  hours: string;
  onUnfilled: string;
}

export interface GroupAdminProps {
  community: Community;
  role: StaffAccess;
  values: GroupOfferValues;
  groups: ApplicationGroup[];
  errors?: Record<string, string>;
  flash?: string | null;
}

const LABELS: Record<string, string> = { size: "Group size", groupFee: "Group fee per person", hours: "Time limit (hours)", onUnfilled: "If the group does not fill" };

/** The owner's group offer and the latest groups. */
export function GroupAdminPage({ community, role, values, groups, errors = {}, flash }: GroupAdminProps) {
  const err = (f: string) => (errors[f] ? `${f}-error` : undefined);
  return (
    <AdminLayout community={community} role={role} title="Group applications" current="groups" flash={flash}>
      <h1>Group applications</h1>
      <p>
        Friends who apply together pay less. Each member's card is authorised for the full fee ({formatMoney(community.feeAmount, community.currency)}); when the group fills in time, each
        approved member is charged the group fee. Everyone is still reviewed on their own.
      </p>
      <ErrorSummary errors={errors} labels={LABELS} />
      <form method="post" action={`/c/${community.slug}/admin/groups`} class="card" novalidate>
        <div class="field">
          <label class="choice" for="enabled">
            <input type="checkbox" id="enabled" name="enabled" value="yes" checked={values.enabled} />
            <span>Offer group applications on the landing page</span>
          </label>
        </div>
        <div class={errors.size ? "field invalid" : "field"}>
          <label for="size">{LABELS.size}</label>
          <FieldError id="size" message={errors.size} />
          <input type="number" id="size" name="size" min={2} max={5} required value={values.size} aria-describedby={err("size")} />
        </div>
        <div class={errors.groupFee ? "field invalid" : "field"}>
          <label for="groupFee">
            {LABELS.groupFee} ({community.currency.toUpperCase()})
          </label>
          <FieldError id="groupFee" message={errors.groupFee} />
          <input type="text" inputmode="decimal" id="groupFee" name="groupFee" required value={values.groupFee} aria-describedby={err("groupFee")} />
        </div>
        <div class={errors.hours ? "field invalid" : "field"}>
          <label for="hours">{LABELS.hours}</label>
          <FieldError id="hours" message={errors.hours} />
          <input type="number" id="hours" name="hours" min={1} max={120} required value={values.hours} aria-describedby={err("hours")} />
        </div>
        <fieldset class={errors.onUnfilled ? "field invalid" : "field"}>
          <legend>{LABELS.onUnfilled}</legend>
          <FieldError id="onUnfilled" message={errors.onUnfilled} />
          <label class="choice" for="unfilled-capture">
            <input type="radio" id="unfilled-capture" name="onUnfilled" value="capture_full" checked={values.onUnfilled === "capture_full"} />
            <span>Charge approved members the full fee</span>
          </label>
          <label class="choice" for="unfilled-release">
            <input type="radio" id="unfilled-release" name="onUnfilled" value="release" checked={values.onUnfilled === "release"} />
            <span>Release every hold: nobody in the group pays the fee</span>
          </label>
        </fieldset>
        <div class="actions">
          <button class="btn" type="submit">
            Save group offer
          </button>
        </div>
      </form>
      <section class="card" aria-labelledby="groups-h">
        <h2 id="groups-h">Latest groups</h2>
        {groups.length ? (
          <table class="stack">
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">Started by</th>
                <th scope="col">Size</th>
                <th scope="col">Group fee</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {groups.map((g) => (
                <tr>
                  <td data-label="Started">{formatDateTime(g.createdAt)}</td>
                  <td data-label="Started by">{g.startedBy}</td>
                  <td data-label="Size">{g.size}</td>
                  <td data-label="Group fee">{formatMoney(g.groupFee, g.currency)}</td>
                  <td data-label="Status">{g.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>No groups yet.</p>
        )}
      </section>
    </AdminLayout>
  );
}

export function offerValues(offer: GroupOffer | undefined, community: Community, format: (amount: number) => string): GroupOfferValues {
  return {
    enabled: offer?.enabled ?? false,
    size: String(offer?.size ?? 3),
    groupFee: format(offer?.groupFee ?? Math.floor(community.feeAmount * 0.6)),
    hours: String(offer?.hours ?? 48),
    onUnfilled: offer?.onUnfilled ?? "capture_full",
  };
}
