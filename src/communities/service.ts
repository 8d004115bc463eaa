import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { communities, communityStaff, questions, type Community, type CommunityStatus, type Question, type StaffRole } from "../../drizzle";
import type { Deps } from "../env";
import type { Db } from "../lib/db";
import { AppError } from "../lib/errors";
import { newId } from "../lib/ids";
import type { CommunityCreate, CommunityUpdate, QuestionInput } from "./schemas";

export async function findCommunityBySlug(db: Db, slug: string): Promise<Community | undefined> {
  return db.query.communities.findFirst({ where: eq(communities.slug, slug) });
}

export async function getCommunityBySlug(db: Db, slug: string): Promise<Community> {
  const community = await findCommunityBySlug(db, slug);
  if (!community) throw AppError.notFound(`Community "${slug}"`);
  return community;
}

/**
 * Creates a community with its owners in one batch; a taken slug is a 409 naming the field.
 * It starts as a draft that only staff see, until its owner publishes it (launch.ts).
 */
export async function createCommunity(
  deps: Pick<Deps, "db" | "now">,
  input: CommunityCreate,
  opts: { status?: CommunityStatus } = {},
): Promise<Community> {
  const now = deps.now();
  const { owners, ...fields } = input;
  const id = newId("com");
  const taken = await findCommunityBySlug(deps.db, input.slug);
  if (taken) throw new AppError(409, "conflict", `The slug "${input.slug}" is taken`, [{ field: "slug", message: "Already in use" }]);
  const uniqueOwners = [...new Set(owners.map((e) => e.toLowerCase()))];
  await deps.db.batch([
    deps.db.insert(communities).values({
      id,
      ...fields,
      status: opts.status ?? "draft",
      publishedAt: opts.status === "published" ? now : null,
      createdAt: now,
      updatedAt: now,
    }),
    ...uniqueOwners.map((email) =>
      deps.db.insert(communityStaff).values({ communityId: id, email, role: "owner", createdAt: now }),
    ),
  ]);
  return (await deps.db.query.communities.findFirst({ where: eq(communities.id, id) }))!;
}

export async function updateCommunity(deps: Pick<Deps, "db" | "now">, id: string, patch: CommunityUpdate): Promise<Community> {
  const [row] = await deps.db
    .update(communities)
    .set({ ...patch, updatedAt: deps.now() })
    .where(eq(communities.id, id))
    .returning();
  if (!row) throw AppError.notFound("Community");
  return row;
}

export async function listCommunityQuestions(db: Db, communityId: string): Promise<Question[]> {
  return questionsQuery(db, communityId);
}

/** The statement behind `listCommunityQuestions`: the live questions in their order, for a batch. */
export function questionsQuery(db: Db, communityId: string) {
  return db
    .select()
    .from(questions)
    .where(and(eq(questions.communityId, communityId), isNull(questions.archivedAt)))
    .orderBy(asc(questions.position), asc(questions.createdAt));
}

export async function getQuestion(db: Db, communityId: string, questionId: string): Promise<Question> {
  const q = await db.query.questions.findFirst({
    where: and(eq(questions.id, questionId), eq(questions.communityId, communityId), isNull(questions.archivedAt)),
  });
  if (!q) throw AppError.notFound("Question");
  return q;
}

export async function addQuestion(deps: Pick<Deps, "db" | "now">, communityId: string, input: QuestionInput): Promise<Question> {
  const now = deps.now();
  const { position, ...fields } = input;
  const [{ next }] = await deps.db
    .select({ next: sql<number>`coalesce(max(${questions.position}) + 1, 0)` })
    .from(questions)
    .where(eq(questions.communityId, communityId));
  const [row] = await deps.db
    .insert(questions)
    .values({ id: newId("q"), communityId, position: position ?? next, ...fields, createdAt: now, updatedAt: now })
    .returning();
  return row;
}

export async function updateQuestion(
  deps: Pick<Deps, "db" | "now">,
  communityId: string,
  questionId: string,
  input: QuestionInput,
): Promise<Question> {
  await getQuestion(deps.db, communityId, questionId);
  const { position, ...fields } = input;
  const [row] = await deps.db
    .update(questions)
    .set({ ...fields, ...(position != null ? { position } : {}), updatedAt: deps.now() })
    .where(eq(questions.id, questionId))
    .returning();
  return row;
}

/**
 * Questions are archived, never deleted: past applications keep answers keyed by question id,
 * and reviewers must still be able to read what was asked.
 */
export async function archiveQuestion(deps: Pick<Deps, "db" | "now">, communityId: string, questionId: string): Promise<void> {
  await getQuestion(deps.db, communityId, questionId);
  await deps.db.update(questions).set({ archivedAt: deps.now() }).where(eq(questions.id, questionId));
}

/** All questions, archived too, so a reviewer can label old answers. */
export async function questionsById(db: Db, communityId: string): Promise<Map<string, Question>> {
  const rows = await db.select().from(questions).where(eq(questions.communityId, communityId));
  return new Map(rows.map((q) => [q.id, q]));
}

export async function listStaff(db: Db, communityId: string) {
  return db.select().from(communityStaff).where(eq(communityStaff.communityId, communityId)).orderBy(asc(communityStaff.email));
}

export async function setStaffRole(deps: Pick<Deps, "db" | "now">, communityId: string, email: string, role: StaffRole) {
  const normalized = email.trim().toLowerCase();
  await deps.db
    .insert(communityStaff)
    .values({ communityId, email: normalized, role, createdAt: deps.now() })
    .onConflictDoUpdate({ target: [communityStaff.communityId, communityStaff.email], set: { role } });
}

/** Removes a staff member; the last owner cannot be removed, or nobody could run the community. */
export async function removeStaff(db: Db, communityId: string, email: string) {
  const staff = await listStaff(db, communityId);
  const target = staff.find((s) => s.email === email.toLowerCase());
  if (!target) throw AppError.notFound("Staff member");
  if (target.role === "owner" && staff.filter((s) => s.role === "owner").length === 1) {
    throw AppError.conflict("A community needs at least one owner");
  }
  await db.delete(communityStaff).where(and(eq(communityStaff.communityId, communityId), eq(communityStaff.email, target.email)));
}

export async function ownerEmails(db: Db, communityId: string): Promise<string[]> {
  const rows = await db
    .select({ email: communityStaff.email })
    .from(communityStaff)
    .where(and(eq(communityStaff.communityId, communityId), eq(communityStaff.role, "owner")));
  return rows.map((r) => r.email);
}

export async function getCommunityById(db: Db, id: string): Promise<Community> {
  const community = await db.query.communities.findFirst({ where: eq(communities.id, id) });
  if (!community) throw AppError.notFound("Community");
  return community;
}

/** Every community, by name: what an operator sees. */
export async function listAllCommunities(db: Db): Promise<Community[]> {
  return db.select().from(communities).orderBy(asc(communities.name));
}

/** The communities where `email` is an owner or moderator, with that role, by name. */
export async function listStaffCommunities(db: Db, email: string): Promise<{ community: Community; role: StaffRole }[]> {
  const rows = await db
    .select({ community: communities, role: communityStaff.role })
    .from(communityStaff)
    .innerJoin(communities, eq(communities.id, communityStaff.communityId))
    .where(eq(communityStaff.email, email.trim().toLowerCase()))
    .orderBy(asc(communities.name));
  return rows;
}

/**
 * Moves an active question one place up or down. Positions are rewritten as 0..n-1 in the new
 * order (one batch), so ties or gaps left by archived questions cannot make a move a no-op.
 */
export async function moveQuestion(
  deps: Pick<Deps, "db" | "now">,
  communityId: string,
  questionId: string,
  direction: "up" | "down",
): Promise<void> {
  const list = await listCommunityQuestions(deps.db, communityId);
  const from = list.findIndex((q) => q.id === questionId);
  if (from < 0) throw AppError.notFound("Question");
  const to = direction === "up" ? from - 1 : from + 1;
  if (to < 0 || to >= list.length) return;
  [list[from], list[to]] = [list[to]!, list[from]!];
  const now = deps.now();
  const updates = list
    .map((q, position) => ({ q, position }))
    .filter(({ q, position }) => q.position !== position)
    .map(({ q, position }) => deps.db.update(questions).set({ position, updatedAt: now }).where(eq(questions.id, q.id)));
  if (updates.length) await deps.db.batch(updates as [(typeof updates)[0], ...typeof updates]);
}

/** Every community of the deployment, for the operator's list. */
export async function listCommunities(db: Db, limit = 500): Promise<Community[]> {
  return db.select().from(communities).orderBy(asc(communities.name)).limit(limit);
}

/** Adds a staff member or changes their role, refusing to demote the last owner. */
export async function assignStaffRole(deps: Pick<Deps, "db" | "now">, communityId: string, email: string, role: StaffRole) {
  const normalized = email.trim().toLowerCase();
  const staff = await listStaff(deps.db, communityId);
  const current = staff.find((s) => s.email === normalized);
  if (current?.role === "owner" && role !== "owner" && staff.filter((s) => s.role === "owner").length === 1) {
    throw AppError.conflict("A community needs at least one owner");
  }
  await setStaffRole(deps, communityId, normalized, role);
}
