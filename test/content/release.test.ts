import { describe, expect, it } from "vitest";
import { ALWAYS, dropState, readerOf, unlockTimeFor, type Reader } from "../../src/content/release";
import type { Access } from "../../src/memberships/access";

const H = 3_600_000;
const D = 24 * H;
const T0 = new Date("2026-05-01T09:00:00Z");
const at = (ms: number) => new Date(T0.getTime() + ms);

const member = { tierId: "t_member", rank: 1 };
const core = { tierId: "t_core", rank: 2 };
const inner = { tierId: "t_inner", rank: 3 };
const reader = (tier: { tierId: string; rank: number }, joinedAt: Date | null = new Date("2026-01-01T00:00:00Z")): Reader => ({ kind: "member", tierId: tier.tierId, tierRank: tier.rank, joinedAt, level: 1 });

const staggered = [
  { ...core, offsetHours: 0 },
  { ...member, offsetHours: 72 },
];
const drop = (over: Partial<{ status: "draft" | "scheduled" | "published" | "archived"; publishAt: Date | null; dripDays: number | null }> = {}) => ({ status: "published" as const, publishAt: T0, dripDays: null, minLevel: null, ...over });

describe("unlockTimeFor: the release rule", () => {
  it("staggers by tier: core at publish time, members three days later, higher tiers take the best time", () => {
    expect(unlockTimeFor(drop(), staggered, reader(core))).toEqual(T0);
    expect(unlockTimeFor(drop(), staggered, reader(member))).toEqual(at(3 * D));
    expect(unlockTimeFor(drop(), staggered, reader(inner))).toEqual(T0);
  });

  it("a drop aimed at a higher tier never reaches lower tiers", () => {
    const onlyCore = [{ ...core, offsetHours: 0 }];
    expect(unlockTimeFor(drop(), onlyCore, reader(member))).toBeNull();
    expect(unlockTimeFor(drop(), onlyCore, reader(inner))).toEqual(T0);
  });

  it("when a higher tier is given a later time than a lower one, it still gets the lower tier's earlier time", () => {
    const odd = [
      { ...member, offsetHours: 0 },
      { ...core, offsetHours: 48 },
    ];
    expect(unlockTimeFor(drop(), odd, reader(core))).toEqual(T0);
  });

  it("drip: never before dripDays after the member joined, and never before the tier's time", () => {
    const joinedLate = new Date(T0.getTime() + 10 * D);
    expect(unlockTimeFor(drop({ dripDays: 7 }), staggered, reader(core, joinedLate))).toEqual(at(17 * D));
    const joinedEarly = new Date(T0.getTime() - 30 * D);
    expect(unlockTimeFor(drop({ dripDays: 7 }), staggered, reader(member, joinedEarly))).toEqual(at(3 * D));
    expect(unlockTimeFor(drop({ dripDays: 7 }), staggered, reader(member, null))).toBeNull();
  });

  it("drafts, archived drops and drops without a time reach no member; staff see everything", () => {
    for (const d of [drop({ status: "draft" }), drop({ status: "archived" }), drop({ status: "scheduled", publishAt: null })]) {
      expect(unlockTimeFor(d, staggered, reader(inner))).toBeNull();
      expect(unlockTimeFor(d, staggered, { kind: "staff" })).toEqual(ALWAYS);
    }
  });
});

describe("dropState", () => {
  it("open after the unlock time, teaser while it is out for others, hidden before it is out at all", () => {
    expect(dropState(drop(), staggered, reader(member), at(H))).toEqual({ state: "teaser", unlockAt: at(3 * D) });
    expect(dropState(drop(), staggered, reader(member), at(3 * D))).toEqual({ state: "open", unlockAt: at(3 * D) });
    expect(dropState(drop({ status: "scheduled", publishAt: at(D) }), staggered, reader(member), T0)).toEqual({ state: "hidden" });
    expect(dropState(drop(), [{ ...core, offsetHours: 0 }], reader(member), at(9 * D))).toEqual({ state: "hidden" });
    expect(dropState(drop(), staggered, null, at(9 * D))).toEqual({ state: "hidden" });
  });
});

describe("readerOf: only what accessFor allows", () => {
  const base: Access = { email: "a@example.com", role: "none", banned: false, membership: null, tier: null, standing: "none", rank: -Infinity, level: 1, graceEndsAt: null };
  it("staff are staff, members in good standing or grace are members, everyone else is nobody", () => {
    for (const role of ["operator", "owner", "moderator"] as const) expect(readerOf({ ...base, role, rank: Infinity })).toEqual({ kind: "staff" });
    const m = { joinedAt: T0 } as Access["membership"];
    const tier = { id: "t_member", rank: 1 } as Access["tier"];
    expect(readerOf({ ...base, role: "member", membership: m, tier, rank: 1, standing: "grace" })).toEqual({ kind: "member", tierId: "t_member", tierRank: 1, joinedAt: T0, level: 1 });
    expect(readerOf({ ...base, membership: m, tier, standing: "lapsed" })).toBeNull();
    expect(readerOf({ ...base, banned: true })).toBeNull();
    expect(readerOf(base)).toBeNull();
  });
});
