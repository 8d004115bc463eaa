import type { Deps } from "../env";
import { ensureProfile } from "../profiles/service";
import { createTier, listTiers } from "../tiers/service";
import type { TierInputRaw } from "../tiers/schemas";
import { publishCommunity } from "./launch";
import { addQuestion, createCommunity, findCommunityBySlug, getCommunityById, updateCommunity } from "./service";
import { questionSchema } from "./schemas";
import { seedDemoPeople } from "./seed-people";
import { seedDemoSpace } from "./seed-space";
import { seedDemoReferrals } from "./seed-referrals";
import { seedDemoEvents } from "./seed-events";
import { seedDemoInsights } from "./seed-insights";
import { seedDemoHonours } from "./seed-honours";
import { seedDemoGroups } from "./seed-groups";

const DESCRIPTION = `**Operators' Circle** is a small, reviewed community for people who build and run
product and engineering teams.

- A private forum where questions get answered by people who have done it before
- A monthly **deep-dive session** with a guest operator, recorded for members
- Curated weekly drops: hiring playbooks, pricing teardowns, career moves
- Local meetups, matched by city and hobbies

We keep the group around 250 members so that everybody can still know each other.`;

const RULES = `1. **Be who you say you are.** Real name, real role.
2. **No selling.** No cold pitches, recruiting spam or affiliate links.
3. **What is shared here stays here.** Do not quote members outside without asking.
4. **Give before you take.** Answer a question for every one you ask.
5. **Disagree with ideas, not people.** Moderators remove personal attacks.

Members who break these rules are removed without a refund of the current period.`;

/**
 * The demo community `npm run dev` starts with, and its tiers (with emulator prices), published
 * through the same launch checklist an owner goes through. Idempotent: an existing `demo` is kept
 * as it is, only tiers it lacks (by name) are added, and a draft left by an interrupted seed is published.
 */
export async function seedDemo(deps: Deps): Promise<void> {
  const existing = await findCommunityBySlug(deps.db, "demo");
  const communityId = existing?.id ?? (await seedDemoCommunity(deps));
  await seedDemoTiers(deps, communityId);
  await seedDemoSpace(deps, communityId);
  await seedDemoReferrals(deps, communityId);
  await seedDemoEvents(deps, communityId);
  await seedDemoInsights(deps, communityId);
  await seedDemoHonours(deps, communityId);
  await seedDemoGroups(deps, communityId);
  // Members see the owner by name, never by address; a name the owner has since changed stays.
  await ensureProfile(deps, communityId, "owner@example.com", { displayName: "Maya Okafor", bio: "Co-host of the circle. Twenty years building product teams, from first hire to two hundred." });
  await seedDemoPeople(deps, communityId);
  const community = await getCommunityById(deps.db, communityId);
  if (community.status === "draft") await publishCommunity(deps, community);
}

async function seedDemoCommunity(deps: Deps): Promise<string> {
  const community = await createCommunity(deps, {
    slug: "demo",
    name: "Operators' Circle",
    tagline: "A reviewed community for people who build and run product teams.",
    description: DESCRIPTION,
    rules: RULES,
    feeAmount: 2500,
    currency: "usd",
    feePolicy: "refund_on_rejection",
    owners: ["owner@example.com"],
  });
  await updateCommunity(deps, community.id, {
    hostName: "Maya Okafor and Jonas Berg",
    reviewDays: 3,
    termsUrl: "https://example.com/operators-circle/terms",
    privacyUrl: "https://example.com/operators-circle/privacy",
    contactEmail: "owner@example.com",
  });
  const questions = [
    { kind: "short_text", label: "What is your current role?", help: "For example: Head of Product at a 40-person fintech", required: true, minLength: 2, maxLength: 120 },
    {
      kind: "single_choice",
      label: "Which industry do you work in?",
      required: true,
      options: ["Software / SaaS", "Fintech", "Health", "E-commerce", "Agency or consulting", "Other", "I am looking for customers here"],
      knockout: { "I am looking for customers here": "reject" },
    },
    { kind: "number", label: "Years of experience", required: true, minValue: 0, maxValue: 60 },
    { kind: "long_text", label: "What are you good at that others could learn from?", required: true, minLength: 20, maxLength: 2000 },
    {
      kind: "multi_choice",
      label: "What do you want from the group?",
      required: true,
      options: ["Peer advice", "Hiring", "Career growth", "Meetups", "Finding a co-founder"],
      knockout: { "Finding a co-founder": "flag" },
    },
    { kind: "short_text", label: "Hobbies (for meetups)", help: "Optional: we match people for local meetups", required: false, maxLength: 200 },
    { kind: "url", label: "LinkedIn or personal site", required: false },
  ] as const;
  for (const q of questions) await addQuestion(deps, community.id, questionSchema.parse(q));
  return community.id;
}

/** The demo pyramid: a public membership, an invite-only core, and a small, capped inner circle. */
const DEMO_TIERS: TierInputRaw[] = [
  {
    name: "Member",
    rank: 1,
    visibility: "public",
    description: "Everything the circle offers its members, on a monthly or yearly plan.",
    perks: ["The private forum", "Weekly drops: playbooks, teardowns, career moves", "Monthly deep-dive session (live or recorded)", "Local meetups"],
    monthlyAmount: 2900,
    yearlyAmount: 29000,
    currency: "usd",
  },
  {
    name: "Core",
    rank: 2,
    visibility: "invite_only",
    description: "The members who carry the conversation, invited by the owners.",
    perks: ["Everything in Member", "The core group channel", "Early access to every drop", "A say in the deep-dive guests", "Core badge"],
    monthlyAmount: 7900,
    yearlyAmount: 79000,
    currency: "usd",
  },
  {
    name: "Inner Circle",
    rank: 3,
    visibility: "public",
    description: "Twelve seats around the owners' table.",
    perks: ["Everything in Core", "A monthly small-group call with the owners", "Quarterly one-to-one review of your plans"],
    capacity: 12,
    trialDays: 0,
    monthlyAmount: 19900,
    currency: "usd",
  },
];

async function seedDemoTiers(deps: Deps, communityId: string): Promise<void> {
  const names = new Set((await listTiers(deps.db, communityId, { includeArchived: true })).map((t) => t.name));
  for (const tier of DEMO_TIERS) {
    if (!names.has(tier.name)) await createTier(deps, communityId, tier, "seed");
  }
}
