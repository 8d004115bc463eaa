import { applications, questions, type AnswerValue, type Community } from "../../drizzle";
import { newId } from "../../src/lib/ids";
import { addQuestion } from "../../src/communities/service";
import { questionSchema } from "../../src/communities/schemas";
import { saveProfile } from "../../src/profiles/service";
import { env } from "cloudflare:workers";
import { tools } from "../helpers";
import { spaceCommunity } from "../spaces/helpers";

/**
 * A community for the directory: the spaces fixture's members and tiers, and a questionnaire with
 * four profile questions (industry shown, hobbies as interests, skills offered, help needed) and
 * one the owner keeps private (salary).
 */
export async function peopleCommunity(opts: { members?: number; core?: number } = {}) {
  const { deps } = tools();
  const base = await spaceCommunity({ members: opts.members ?? 6, core: opts.core ?? 1 });
  const add = (input: Record<string, unknown>) => addQuestion(deps, base.community.id, questionSchema.parse(input));
  const q = {
    industry: await add({ kind: "single_choice", label: "Industry", options: ["Fintech", "Health", "Software"], profileRole: "shown" }),
    hobbies: await add({ kind: "short_text", label: "Hobbies", profileRole: "interests" }),
    offers: await add({ kind: "short_text", label: "I can help with", profileRole: "offers" }),
    needs: await add({ kind: "short_text", label: "I am looking for", profileRole: "needs" }),
    salary: await add({ kind: "short_text", label: "Salary expectations" }),
    story: await add({ kind: "long_text", label: "Your story", profileRole: "shown" }),
  };
  return { ...base, q };
}

/** An application with these answers (by question), approved unless said otherwise. */
export async function applied(community: Community, email: string, answers: Record<string, AnswerValue>, status: "approved" | "rejected" = "approved", name = "Applicant Person") {
  const now = tools().deps.now();
  await tools().deps.db.insert(applications).values({
    id: newId("app"),
    communityId: community.id,
    email,
    name,
    status,
    answers,
    rulesAcceptedAt: now,
    feeAmount: 4321,
    currency: "usd",
    feePolicy: "non_refundable",
    paymentStatus: "paid",
    statusToken: newId("st"),
    decisionReason: status === "rejected" ? "OWNER-NOTE-REJECTED" : null,
    createdAt: new Date(now.getTime() - (status === "approved" ? 1000 : 5000)),
    updatedAt: now,
  });
}

/** Saves a profile through the domain function the page and the API use. */
export function save(community: Community, email: string, change: Record<string, unknown>) {
  return saveProfile(tools().deps, env.FILES, community, email, change);
}

export { questions };
