import { eq, getTableColumns, type Table } from "drizzle-orm";
import {
  applications,
  comments,
  drops,
  dropTargets,
  memberActivityDaily,
  memberPostCounts,
  memberships,
  pollOptions,
  polls,
  pollVotes,
  postReactions,
  posts,
  questions,
  reactions,
  spaces,
  threadFollows,
  tiers,
  type Answers,
} from "../../drizzle";
import { activityDay } from "../activity/record";
import type { Deps } from "../env";
import { chunk } from "../lib/db";
import { newId } from "../lib/ids";
import { DEMO_DROPS, DEMO_PEOPLE, DEMO_SPACES, DEMO_THREADS, type DemoPerson } from "./seed-space-data";

/**
 * The demo community's people and conversation, so `npm run dev` opens on a living community:
 * twelve approved members (Member and Core, comped, joined over the past year), three drops
 * with members' comments and reactions, five spaces with threads, replies, reactions and a poll
 * spread over the past weeks. Written as rows in one batch (counters computed here, as the
 * post-writing code would keep them), because
 * it runs on the first request of `npm run dev`. Idempotent: a community that has spaces is left as it is.
 */

const DAY = 86_400_000;
const OWNER = "owner@example.com";

type Row = Record<string, unknown>;

export async function seedDemoSpace(deps: Pick<Deps, "db" | "now">, communityId: string): Promise<void> {
  const { db } = deps;
  const [existing, tierRows, questionRows] = await db.batch([
    db.select({ id: spaces.id }).from(spaces).where(eq(spaces.communityId, communityId)).limit(1),
    db.select({ id: tiers.id, name: tiers.name }).from(tiers).where(eq(tiers.communityId, communityId)),
    db.select({ id: questions.id, label: questions.label }).from(questions).where(eq(questions.communityId, communityId)),
  ]);
  if (existing.length) return;
  const tierId = (name: string) => tierRows.find((t) => t.name === name)?.id;
  const member = tierId("Member");
  const core = tierId("Core");
  if (!member || !core) return;
  const now = deps.now().getTime();
  const ago = (days: number, minutes = 0) => new Date(now - days * DAY + minutes * 60_000);
  const emailOf = (key: string) => (key === "owner" ? OWNER : DEMO_PEOPLE.find((p) => p.key === key)!.email);

  const people = DEMO_PEOPLE.map((p) => peopleRows(p, communityId, p.tier === "Core" ? core : member, questionRows, ago));
  const spaceRows = DEMO_SPACES.map((s, position) => ({
    id: newId("spc"),
    communityId,
    ...s,
    position,
    readKind: s.slug === "lounge" ? ("tier" as const) : ("rank" as const),
    readTierId: s.slug === "lounge" ? core : null,
    postKind: s.slug === "lounge" ? ("tier" as const) : s.slug === "news" ? ("staff" as const) : ("rank" as const),
    postTierId: s.slug === "lounge" ? core : null,
    threadCount: 0,
    lastPostAt: null as Date | null,
    createdAt: ago(45),
    updatedAt: ago(45),
  }));
  const spaceOf = (slug: string) => spaceRows.find((s) => s.slug === slug)!;

  const postRows: Row[] = [];
  const reactionRows: Row[] = [];
  const follows: Row[] = [];
  const pollRows: Row[] = [];
  const optionRows: Row[] = [];
  const voteRows: Row[] = [];
  const activity = new Map<string, Row & { posts: number; replies: number; reactionsGiven: number; reactionsReceived: number; votes: number }>();
  const written = new Map<string, number>();
  const count = (email: string, at: Date, field: "posts" | "replies" | "reactionsGiven" | "reactionsReceived" | "votes") => {
    const key = `${activityDay(at)}|${email}`;
    const row = activity.get(key) ?? { communityId, day: activityDay(at), email, posts: 0, replies: 0, reactionsGiven: 0, reactionsReceived: 0, votes: 0 };
    row[field] += 1;
    activity.set(key, row);
  };
  const react = (postId: string, author: string, list: [string, string][] | undefined, at: Date) => {
    for (const [by, emoji] of list ?? []) {
      reactionRows.push({ postId, email: emailOf(by), emoji, createdAt: at });
      count(emailOf(by), at, "reactionsGiven");
      count(author, at, "reactionsReceived");
    }
    return list?.length ?? 0;
  };

  DEMO_THREADS.forEach((t, i) => {
    const space = spaceOf(t.space);
    const author = emailOf(t.by);
    const createdAt = ago(t.daysAgo, i * 7);
    const id = newId("post");
    const replies = (t.replies ?? []).map((r, j) => ({ ...r, id: newId("post"), author: emailOf(r.by), at: ago(r.daysAgo, i * 7 + 30 * (j + 1)) }));
    const lastActivityAt = replies.reduce((m, r) => (r.at > m ? r.at : m), createdAt);
    postRows.push({ id, communityId, spaceId: space.id, parentId: null, authorEmail: author, title: t.title, body: t.body, status: "visible", replyCount: replies.length, reactionCount: react(id, author, t.reactions, createdAt), lastActivityAt, createdAt, updatedAt: createdAt });
    count(author, createdAt, "posts");
    written.set(author, (written.get(author) ?? 0) + 1);
    follows.push({ postId: id, email: author, createdAt });
    for (const r of replies) {
      postRows.push({ id: r.id, communityId, spaceId: space.id, parentId: id, authorEmail: r.author, title: null, body: r.body, status: "visible", replyCount: 0, reactionCount: react(r.id, r.author, r.reactions, r.at), lastActivityAt: r.at, createdAt: r.at, updatedAt: r.at });
      count(r.author, r.at, "replies");
      written.set(r.author, (written.get(r.author) ?? 0) + 1);
      if (r.author !== author) follows.push({ postId: id, email: r.author, createdAt: r.at });
    }
    space.threadCount += 1;
    if (!space.lastPostAt || lastActivityAt > space.lastPostAt) space.lastPostAt = lastActivityAt;
    if (t.poll) {
      const options = t.poll.options.map((label, position) => ({ id: newId("opt"), postId: id, position, label, voteCount: 0 }));
      for (const [by, choice] of Object.entries(t.poll.votes)) {
        options[choice]!.voteCount += 1;
        voteRows.push({ postId: id, optionId: options[choice]!.id, email: emailOf(by), createdAt: createdAt });
        count(emailOf(by), createdAt, "votes");
      }
      pollRows.push({ postId: id, communityId, question: t.poll.question, kind: "single", results: "after_vote", closesAt: ago(t.daysAgo - 10), voterCount: Object.keys(t.poll.votes).length, closedNotifiedAt: ago(t.daysAgo - 10), createdAt });
      optionRows.push(...options);
    }
  });

  const dropRows = DEMO_DROPS.map((d) => ({ id: newId("drop"), communityId, title: d.title, body: d.body, topics: d.topics, status: "published" as const, publishAt: ago(d.daysAgo), publishedAt: ago(d.daysAgo), authorEmail: OWNER, createdAt: ago(d.daysAgo + 1), updatedAt: ago(d.daysAgo) }));
  const commentRows = DEMO_DROPS.flatMap((d, i) =>
    d.comments.map((c, j) => ({ id: newId("cmt"), dropId: dropRows[i]!.id, communityId, email: emailOf(c.by), body: c.body, createdAt: ago(c.daysAgo, 40 * (j + 1)), deletedAt: null, deletedBy: null })),
  );
  const dropReactionRows = DEMO_DROPS.flatMap((d, i) => d.reactions.map(([by, emoji], j) => ({ dropId: dropRows[i]!.id, email: emailOf(by), emoji, createdAt: ago(d.daysAgo - 1, 15 * j) })));
  const targetRows = dropRows.flatMap((d) => [
    { dropId: d.id, tierId: core, offsetHours: 0 },
    { dropId: d.id, tierId: member, offsetHours: 0 },
  ]);

  // D1 binds at most 100 values per statement: multi-row inserts go in slices under that.
  const insert = <T extends Parameters<typeof db.insert>[0]>(table: T, rows: Row[]) =>
    chunk(rows, Math.max(1, Math.floor(99 / Object.keys(getTableColumns(table as Table)).length))).map((slice) => db.insert(table).values(slice as never).onConflictDoNothing());
  const statements = [
    ...insert(applications, people.map((p) => p.application)),
    ...insert(memberships, people.map((p) => p.membership)),
    ...insert(spaces, spaceRows),
    ...insert(posts, postRows),
    ...insert(postReactions, reactionRows),
    ...insert(threadFollows, follows),
    ...insert(polls, pollRows),
    ...insert(pollOptions, optionRows),
    ...insert(pollVotes, voteRows),
    ...insert(drops, dropRows),
    ...insert(dropTargets, targetRows),
    ...insert(comments, commentRows),
    ...insert(reactions, dropReactionRows),
    ...insert(memberActivityDaily, [...activity.values()]),
    ...insert(memberPostCounts, [...written].map(([email, n]) => ({ communityId, email, written: n }))),
  ];
  await db.batch(statements as unknown as [(typeof statements)[number], ...(typeof statements)[number][]]);
}

function peopleRows(p: DemoPerson, communityId: string, tierId: string, questionRows: { id: string; label: string }[], ago: (days: number) => Date) {
  const byLabel: Record<string, Answers[string]> = {
    "What is your current role?": p.role,
    "Which industry do you work in?": p.industry,
    "Years of experience": p.years,
    "What are you good at that others could learn from?": p.goodAt,
    "What do you want from the group?": p.wants,
    "Hobbies (for meetups)": `${p.hobbies} · ${p.city}`,
  };
  const answers: Answers = {};
  for (const q of questionRows) if (q.label in byLabel) answers[q.id] = byLabel[q.label]!;
  const applied = ago(p.joinedDaysAgo + 4);
  const joined = ago(p.joinedDaysAgo);
  const applicationId = newId("app");
  return {
    application: { id: applicationId, communityId, email: p.email, name: p.name, status: "approved", answers, rulesAcceptedAt: applied, feeAmount: 2500, currency: "usd", feePolicy: "refund_on_rejection", paymentStatus: "captured", statusToken: newId("st"), decidedBy: OWNER, decidedAt: joined, createdAt: applied, updatedAt: joined },
    membership: { id: newId("mem"), communityId, email: p.email, tierId, status: "active", comped: true, applicationId, cancelAtPeriodEnd: false, joinedAt: joined, createdAt: joined, updatedAt: joined },
  };
}
