import type { Community, Membership } from "../../drizzle";
import type { Deps } from "../env";
import { formatDate } from "../ui/format";

export type MembershipEmailKind = "welcome" | "payment_failed" | "ended" | "waitlist_joined" | "seat_offered";

/** Emails about a membership; each carries the one link the person needs next. */
export async function sendMembershipEmail(
  deps: Deps,
  community: Community,
  m: Pick<Membership, "email" | "currentPeriodEnd">,
  kind: MembershipEmailKind,
  extra: { position?: number; offerExpiresAt?: Date; tierName?: string; tierId?: string } = {},
): Promise<void> {
  const home = `${deps.config.appUrl}/c/${community.slug}/home`;
  const join = `${deps.config.appUrl}/c/${community.slug}/join${extra.tierId ? `?tier=${extra.tierId}` : ""}`;
  const content: Record<MembershipEmailKind, { subject: string; body: string }> = {
    welcome: { subject: `Welcome to ${community.name}`, body: `Your membership is active. Your member home:\n${home}` },
    payment_failed: {
      subject: `Payment failed for your ${community.name} membership`,
      body: `We could not charge your card. You keep access for ${community.graceDays} days while you update it.\nUpdate your card from your member home:\n${home}`,
    },
    ended: { subject: `Your ${community.name} membership has ended`, body: `Your membership ended${m.currentPeriodEnd ? ` on ${formatDate(m.currentPeriodEnd)}` : ""}. You are welcome back at any time:\n${join}` },
    waitlist_joined: {
      subject: `You are on the waitlist for ${extra.tierName ?? community.name}`,
      body: `${extra.tierName ?? "This tier"} is full. You are number ${extra.position ?? "?"} in line; we email you the moment a seat frees up.`,
    },
    seat_offered: {
      subject: `A seat is yours: ${extra.tierName ?? community.name}`,
      body: `A seat opened in ${extra.tierName ?? community.name} and it is held for you until ${extra.offerExpiresAt?.toISOString().slice(0, 16).replace("T", " ")} UTC.\nJoin here:\n${join}`,
    },
  };
  const { subject, body } = content[kind];
  await deps.mailer.send({ to: m.email, subject, kind: `membership_${kind}`, text: `Hi,\n\n${body}\n\n— ${community.name}, via Threshold` });
}
