import { describe, expect, it } from "vitest";
import { csvCell, listMembers } from "../../src/members/service";
import { membersCsvText } from "../../src/members/csv";
import { tools } from "../helpers";
import { expectedCsvLines, membersForCsv } from "./helpers";

describe("csvCell", () => {
  it("quotes as RFC 4180 says", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell("cr\r\nlf")).toBe('"cr\r\nlf"');
    expect(csvCell(null)).toBe("");
    expect(csvCell(12)).toBe("12");
    expect(csvCell(false)).toBe("false");
  });

  it("neutralises spreadsheet formulas with a leading single quote", () => {
    expect(csvCell("=HYPERLINK(\"http://evil\")")).toBe('"\'=HYPERLINK(""http://evil"")"');
    expect(csvCell("+1+1")).toBe("'+1+1");
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("=1,2")).toBe(`"'=1,2"`);
    expect(csvCell("a=b")).toBe("a=b");
  });
});

describe("membersCsvText", () => {
  it("writes every member with tier, price and dates; hostile cells are neutralised", async () => {
    const { deps } = tools();
    const { community, basic, core, payer, now } = await membersForCsv();
    const csv = membersCsvText((await listMembers(deps.db, community.id)).items, true);
    expect(csv.split("\r\n")).toEqual(expectedCsvLines({ basic, core, payer, now }));
    expect(membersCsvText([], false)).toBe("");
  });
});
