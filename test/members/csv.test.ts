import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { memberships } from "../../drizzle";
import { csvCell, exportMembersCsv } from "../../src/members/service";
import { call, signIn, tools } from "../helpers";
import { bulkMembers } from "../bulk";
import { countingD1 } from "../d1-counter";
import { createDb } from "../../src/lib/db";
import { OWNER, setupCommunity, subscribe, uniqueEmail } from "./helpers";

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

describe("exportMembersCsv", () => {
  it("exports every member with tier, price and dates; hostile cells are neutralised", async () => {
    const { deps } = tools();
    const { community, basic, core } = await setupCommunity();
    const payer = uniqueEmail("payer");
    await subscribe(community, basic.prices.month!, payer);
    const now = deps.now();
    const hostile = `=cmd|' /C calc'!A0,"x"@example.com`;
    await deps.db
      .insert(memberships)
      .values({ id: "mem_hostile00000000000", communityId: community.id, email: hostile, tierId: core.id, status: "active", comped: true, joinedAt: now, createdAt: new Date(now.getTime() + 1), updatedAt: now });

    const csv = await new Response(exportMembersCsv(deps.db, community.id)).text();
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe("email,tier,rank,status,comped,interval,amount,currency,joined_at,current_period_end,cancel_at_period_end");
    expect(lines[1]).toBe(`"'=cmd|' /C calc'!A0,""x""@example.com",Inner circle,${core.rank},active,true,,,,${now.toISOString()},,false`);
    expect(lines[2]).toMatch(new RegExp(`^${payer},Members,${basic.rank},active,false,month,12.00,usd,\\d{4}-\\d\\d-\\d\\dT[^,]+,\\d{4}-[^,]+,false$`));
    expect(lines[3]).toBe("");
    expect(lines).toHaveLength(4);
  });

  it("is served as an attachment to owners only", async () => {
    const { deps } = tools();
    const { community, basic } = await setupCommunity();
    await subscribe(community, basic.prices.month!, uniqueEmail("row"));
    const owner = await signIn(OWNER);
    const res = await call(`/c/${community.slug}/admin/members.csv`, { cookie: owner });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="${community.slug}-members.csv"`);
    expect((await res.text()).split("\r\n")[0]).toContain("email,tier,rank");

    const { setStaffRole } = await import("../../src/communities/service");
    await setStaffRole(deps, community.id, "csv-mod@example.com", "moderator");
    const mod = await signIn("csv-mod@example.com");
    expect((await call(`/c/${community.slug}/admin/members.csv`, { cookie: mod })).status).toBe(403);
  });

  it("streams page by page: 2,500 members arrive in three keyset reads, newest first, each once", async () => {
    const { community, basic } = await setupCommunity();
    const prefix = `csv${crypto.randomUUID().slice(0, 4)}-`;
    await bulkMembers(env.DB, { communityId: community.id, tierId: basic.id, count: 2500, prefix, joinedAt: new Date() });
    const counter = countingD1(env.DB);
    const reader = exportMembersCsv(createDb(counter.db), community.id).getReader();
    const decoder = new TextDecoder();
    const first = await reader.read();
    // The first chunk (header and one page) is out after a single read of D1.
    expect(counter.stats.roundTrips).toBe(1);
    let text = decoder.decode(first.value);
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) text += decoder.decode(chunk.value);
    expect(counter.stats.roundTrips).toBe(3);
    const emails = text.trimEnd().split("\r\n").slice(1).map((line) => line.split(",")[0]);
    expect(emails).toHaveLength(2500);
    expect(emails[0]).toBe(`${prefix}002500@example.com`);
    expect(emails.at(-1)).toBe(`${prefix}000001@example.com`);
    expect(new Set(emails).size).toBe(2500);
  });
});
