import type { Deps } from "../env";
import { addQuestion, createCommunity, findCommunityBySlug } from "./service";
import { questionSchema } from "./schemas";

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

/** The demo community `npm run dev` starts with. Idempotent: does nothing when `demo` exists. */
export async function seedDemo(deps: Pick<Deps, "db" | "now">): Promise<void> {
  if (await findCommunityBySlug(deps.db, "demo")) return;
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
}
