import { describe, expect, it } from "vitest";
import { cadenceWarnings, calendarWeeks, topicColour, usualIntervalDays } from "../../src/content/cadence";

const NOW = new Date("2026-05-13T10:00:00Z"); // a Wednesday
const day = (n: number) => new Date(NOW.getTime() + n * 86_400_000);
const drop = (n: number, topic = "career") => ({ id: `d${n}`, title: `Day ${n}`, topics: [topic], publishAt: day(n) });

describe("cadence", () => {
  it("lays out eight Monday-first weeks around today, with each drop on its day", () => {
    const weeks = calendarWeeks([drop(-10), drop(2, "trends")], NOW);
    expect(weeks).toHaveLength(8);
    expect(weeks[0]![0]!.date.toISOString().slice(0, 10)).toBe("2026-04-13");
    const days = weeks.flat();
    expect(days.filter((d) => d.today).map((d) => d.date.toISOString().slice(0, 10))).toEqual(["2026-05-13"]);
    expect(days.find((d) => d.drops.length && d.drops[0]!.id === "d2")!.date.toISOString().slice(0, 10)).toBe("2026-05-15");
    expect(days.find((d) => d.drops[0]?.id === "d-10")!.past).toBe(true);
  });

  it("knows the usual interval and warns about an empty week and about gaps longer than usual", () => {
    const weekly = [drop(-21), drop(-14), drop(-7), drop(0)];
    expect(usualIntervalDays(weekly, NOW)).toBe(7);
    expect(cadenceWarnings([...weekly, drop(5), drop(12)], NOW)).toEqual([]);
    expect(cadenceWarnings(weekly, NOW)).toEqual(["Nothing is scheduled in the next 7 days."]);
    expect(cadenceWarnings([...weekly, drop(6), drop(30)], NOW)).toEqual(["A gap of 24 days between 2026-05-19 and 2026-06-12: you usually publish every 7 days."]);
    expect(cadenceWarnings([drop(-60), drop(-57), drop(-54)], NOW)).toEqual([
      "Nothing is scheduled in the next 7 days.",
      "54 days since the last drop and nothing planned: you usually publish every 3 days.",
    ]);
    expect(cadenceWarnings([], NOW)).toEqual(["Nothing is scheduled in the next 7 days."]);
  });

  it("gives each topic a stable colour", () => {
    expect(topicColour("career")).toBe(topicColour("career"));
    expect(topicColour(undefined)).toBe("#6b7280");
  });
});
