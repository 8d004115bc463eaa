import type { ApplicationGroup, GroupSeat } from "../../drizzle";
import { formatDateTime, formatMoney } from "../ui/format";

/** The group's deal in words, shown before anyone pays (start and join pages) and after (status page). */
export function GroupTerms({ group }: { group: Pick<ApplicationGroup, "size" | "fullFee" | "groupFee" | "currency" | "onUnfilled"> & { deadlineText: string } }) {
  const full = formatMoney(group.fullFee, group.currency);
  const price = formatMoney(group.groupFee, group.currency);
  return (
    <ul class="group-terms">
      <li>
        Your card is authorised for the full fee of {full} now; nothing is charged yet.
      </li>
      <li>
        If all {group.size} people have applied and authorised {group.deadlineText}, each approved member is charged only <strong>{price}</strong> and the rest of the hold is released.
      </li>
      <li>
        {group.onUnfilled === "capture_full"
          ? `If the group does not fill in time, each approved member is charged the full ${full}.`
          : "If the group does not fill in time, every hold is released and nobody in the group pays the fee."}
      </li>
      <li>Each of you is still reviewed on your own. If you are not approved, your hold is released and you pay nothing.</li>
    </ul>
  );
}

export interface GroupProgressProps {
  group: ApplicationGroup;
  seats: GroupSeat[];
  /** The link friends apply through (shown while the group is filling). */
  shareUrl: string;
}

const OUTCOME: Record<ApplicationGroup["status"], string> = {
  open: "Filling",
  filled: "Filled",
  unfilled: "Did not fill",
};

/** How far the group has got: seats taken, cards authorised, the deadline, and the outcome. */
export function GroupProgress({ group, seats, shareUrl }: GroupProgressProps) {
  const authorised = seats.filter((s) => s.authorisedAt).length;
  return (
    <section class="card" aria-labelledby="group-h">
      <h2 id="group-h">Your group</h2>
      <p>
        Group status: <strong data-group-status={group.status}>{OUTCOME[group.status]}</strong>
      </p>
      <p>
        <span data-group-seats>{seats.length} of {group.size}</span> people have applied; {authorised} of {group.size} cards authorised.
      </p>
      <ol class="group-seats" aria-label="Seats">
        {Array.from({ length: group.size }, (_, i) => {
          const seat = seats[i];
          return <li>{seat ? (seat.authorisedAt ? "Applied, card authorised" : "Applied, waiting for the card") : "Open seat"}</li>;
        })}
      </ol>
      {group.status === "open" ? (
        <>
          <p>The group closes at {formatDateTime(group.deadline)}.</p>
          <p>
            <label for="share-link">Share this link with your friends so they can join:</label>
            <input id="share-link" type="text" readonly value={shareUrl} />
          </p>
        </>
      ) : group.status === "filled" ? (
        <p>The group filled on {formatDateTime(group.filledAt)}: each approved member pays the group price of {formatMoney(group.groupFee, group.currency)}.</p>
      ) : (
        <p>
          The group did not fill by {formatDateTime(group.deadline)}.{" "}
          {group.onUnfilled === "capture_full" ? `Approved members pay the full ${formatMoney(group.fullFee, group.currency)}.` : "Every hold placed for the group was released."}
        </p>
      )}
    </section>
  );
}
