import type * as core from "zod/v4/core";
import type { Application, ApplicationEvent, ApplicationNote, AuditEntry, Community, Question, Tier, TierInvite } from "../../drizzle";
import { DEFAULT_MAX_LENGTH } from "../applications/answers";
import { statusUrl } from "../applications/service";
import type { StaffAccess } from "../auth/roles";
import type { Deps } from "../env";
import type { ActionOutcome, MemberDetail, MemberRow } from "../members/service";
import type { Access } from "../memberships/access";
import { inviteUrl, type ActivePrices } from "../tiers/service";
import type { ActionResultSchema, AuditEntrySchema, MemberDetailSchema, MemberSchema } from "./member-schemas";
import type {
  AnswerSchema,
  ApplicationReceiptSchema,
  ApplicationSchema,
  CommunitySchema,
  FeeSchema,
  NoteSchema,
  PublicCommunitySchema,
  PublicQuestionSchema,
  QuestionSchema,
  StaffCommunitySchema,
  TimelineEventSchema,
} from "./schemas";
import type { AccessSchema, InviteSchema, TierPriceSchema, TierSchema } from "./tier-schemas";

/** Database rows -> API shapes: dates as ISO strings, and the status token only as a status URL. */

type Out<T extends core.$ZodType> = core.input<T>;

const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

function fee(row: Pick<Community, "feeAmount" | "currency" | "feePolicy">): Out<typeof FeeSchema> {
  return { amount: row.feeAmount, currency: row.currency as Out<typeof FeeSchema>["currency"], policy: row.feePolicy };
}

export function publicQuestionView(q: Question): Out<typeof PublicQuestionSchema> {
  const defaultMax = DEFAULT_MAX_LENGTH[q.kind as keyof typeof DEFAULT_MAX_LENGTH] ?? null;
  return {
    id: q.id,
    position: q.position,
    kind: q.kind,
    label: q.label,
    help: q.help,
    required: q.required,
    options: q.options,
    minLength: q.minLength,
    maxLength: q.maxLength ?? defaultMax,
    minValue: q.minValue,
    maxValue: q.maxValue,
  };
}

export function questionView(q: Question): Out<typeof QuestionSchema> {
  return {
    ...publicQuestionView(q),
    maxLength: q.maxLength,
    knockout: q.knockout,
    profileRole: q.profileRole,
    createdAt: iso(q.createdAt),
    updatedAt: iso(q.updatedAt),
  };
}

export function publicCommunityView(c: Community, questions: Question[]): Out<typeof PublicCommunitySchema> {
  return {
    slug: c.slug,
    name: c.name,
    tagline: c.tagline,
    description: c.description,
    rules: c.rules,
    fee: fee(c),
    hostName: c.hostName,
    termsUrl: c.termsUrl,
    privacyUrl: c.privacyUrl,
    contactEmail: c.contactEmail,
    reviewDays: c.reviewDays,
    questions: questions.map(publicQuestionView),
  };
}

export function communityView(c: Community): Out<typeof CommunitySchema> {
  return {
    id: c.id,
    slug: c.slug,
    name: c.name,
    tagline: c.tagline,
    description: c.description,
    rules: c.rules,
    fee: fee(c),
    status: c.status,
    publishedAt: isoOrNull(c.publishedAt),
    createdAt: iso(c.createdAt),
    updatedAt: iso(c.updatedAt),
  };
}

export function staffCommunityView(c: Community, role: StaffAccess): Out<typeof StaffCommunitySchema> {
  return { ...communityView(c), role };
}

export function receiptView(deps: Pick<Deps, "config">, a: Application): Out<typeof ApplicationReceiptSchema> {
  return {
    id: a.id,
    name: a.name,
    email: a.email,
    status: a.status,
    paymentStatus: a.paymentStatus,
    fee: fee(a),
    createdAt: iso(a.createdAt),
    statusUrl: statusUrl(deps, a),
  };
}

export function applicationView(deps: Pick<Deps, "config">, a: Application): Out<typeof ApplicationSchema> {
  return {
    id: a.id,
    communityId: a.communityId,
    name: a.name,
    email: a.email,
    status: a.status,
    paymentStatus: a.paymentStatus,
    fee: fee(a),
    flagged: a.flagged,
    flagReasons: a.flagReasons,
    decisionReason: a.decisionReason,
    decidedBy: a.decidedBy,
    decidedAt: isoOrNull(a.decidedAt),
    paidAt: isoOrNull(a.paidAt),
    holdExpiresAt: isoOrNull(a.holdExpiresAt),
    rulesAcceptedAt: iso(a.rulesAcceptedAt),
    createdAt: iso(a.createdAt),
    updatedAt: iso(a.updatedAt),
    statusUrl: statusUrl(deps, a),
  };
}

/** Answers in question order, labelled with the question (archived ones too, so old answers stay readable). */
export function answersView(a: Application, questions: Map<string, Question>): Out<typeof AnswerSchema>[] {
  return Object.entries(a.answers)
    .map(([questionId, value]) => ({ questionId, value, q: questions.get(questionId) }))
    .sort((x, y) => (x.q?.position ?? Infinity) - (y.q?.position ?? Infinity))
    .map(({ questionId, value, q }) => ({
      questionId,
      label: q?.label ?? "(deleted question)",
      kind: q?.kind ?? "short_text",
      archived: !q || q.archivedAt != null,
      value,
    }));
}

export function noteView(n: ApplicationNote): Out<typeof NoteSchema> {
  return { id: n.id, authorEmail: n.authorEmail, body: n.body, createdAt: iso(n.createdAt) };
}

export function timelineView(e: ApplicationEvent): Out<typeof TimelineEventSchema> {
  return { id: e.id, kind: e.kind, actor: e.actor, detail: e.detail, createdAt: iso(e.createdAt) };
}

type Currency = Out<typeof TierPriceSchema>["currency"];

/** A tier as the API shows it; `seatsTaken` only matters for a capped tier. */
export function tierView(t: Tier, prices: ActivePrices, seatsTaken: number): Out<typeof TierSchema> {
  const price = (p: ActivePrices["month"]) => (p ? { amount: p.amount, currency: p.currency as Currency } : undefined);
  return {
    id: t.id,
    name: t.name,
    description: t.description,
    perks: t.perks,
    rank: t.rank,
    visibility: t.visibility,
    capacity: t.capacity,
    seatsLeft: t.capacity == null ? null : Math.max(0, t.capacity - seatsTaken),
    trialDays: t.trialDays,
    currency: t.currency as Currency,
    prices: { ...(prices.month ? { month: price(prices.month) } : {}), ...(prices.year ? { year: price(prices.year) } : {}) },
    archivedAt: isoOrNull(t.archivedAt),
  };
}

export function inviteView(deps: Pick<Deps, "config">, communitySlug: string, i: TierInvite): Out<typeof InviteSchema> {
  return {
    id: i.id,
    tierId: i.tierId,
    url: inviteUrl(deps.config, communitySlug, i.token),
    email: i.email,
    maxUses: i.maxUses,
    uses: i.uses,
    expiresAt: iso(i.expiresAt),
    createdAt: iso(i.createdAt),
  };
}

export function memberView({ membership: m, tier, price }: MemberRow): Out<typeof MemberSchema> {
  return {
    id: m.id,
    email: m.email,
    status: m.status,
    comped: m.comped,
    tier: { id: tier.id, name: tier.name, rank: tier.rank },
    price: price ? { id: price.id, interval: price.interval, amount: price.amount, currency: price.currency as Currency } : null,
    currentPeriodEnd: isoOrNull(m.currentPeriodEnd),
    cancelAtPeriodEnd: m.cancelAtPeriodEnd,
    pastDueSince: isoOrNull(m.pastDueSince),
    pendingPriceAt: isoOrNull(m.pendingPriceAt),
    joinedAt: isoOrNull(m.joinedAt),
    endedAt: isoOrNull(m.endedAt),
    endedReason: m.endedReason,
    createdAt: iso(m.createdAt),
    updatedAt: iso(m.updatedAt),
  };
}

export function memberDetailView(d: MemberDetail): Out<typeof MemberDetailSchema> {
  return { ...memberView(d), staffRole: d.staffRole, banned: d.banned };
}

export function actionResultView(o: ActionOutcome): Out<typeof ActionResultSchema> {
  return { changed: o.changed, billing: o.billing ?? null };
}

export function auditEntryView(e: AuditEntry): Out<typeof AuditEntrySchema> {
  return { id: e.id, actor: e.actor, action: e.action, subject: e.subject, reason: e.reason, detail: e.detail, createdAt: iso(e.createdAt) };
}

/** Exactly what `accessFor` decided for the caller, and no more. */
export function accessView(a: Access): Out<typeof AccessSchema> {
  const m = a.membership;
  return {
    role: a.role,
    standing: a.standing,
    tier: a.tier ? { id: a.tier.id, name: a.tier.name, rank: a.tier.rank } : null,
    membership: m
      ? { status: m.status, currentPeriodEnd: isoOrNull(m.currentPeriodEnd), cancelAtPeriodEnd: m.cancelAtPeriodEnd, graceEndsAt: isoOrNull(a.graceEndsAt) }
      : null,
  };
}
