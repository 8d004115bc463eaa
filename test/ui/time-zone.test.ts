import { describe, expect, it } from "vitest";
import { formatDateTime } from "../../src/ui/format";
import { call, makeCommunity, postForm, signIn } from "../helpers";

describe("dates in the viewer's time zone", () => {
  it("formats in a chosen zone, naming it, and in UTC by default", () => {
    const at = new Date("2026-01-15T23:30:00Z");
    expect(formatDateTime(at)).toBe("2026-01-15 23:30 UTC");
    expect(formatDateTime(at, "Europe/Berlin")).toBe("2026-01-16 00:30 GMT+1");
    expect(formatDateTime(at, "America/New_York")).toBe("2026-01-15 18:30 EST");
  });

  it("keeps the viewer's choice in a cookie and shows pages in it, while the API stays ISO", async () => {
    const { community, questionIds } = await makeCommunity({ feeAmount: 0 });
    const applied = await postForm(`/c/${community.slug}/apply`, { name: "Ann", email: "ann-tz@example.com", accept_rules: "yes", [`q_${questionIds[0]}`]: "Engineer" });
    const status = applied.headers.get("location")!;

    const chooser = await (await call(`/preferences/time-zone?next=${encodeURIComponent(status)}`)).text();
    expect(chooser).toContain('<option value="Asia/Tokyo">Asia/Tokyo</option>');
    const saved = await postForm("/preferences/time-zone", { timeZone: "Asia/Tokyo", next: status });
    expect(saved.status).toBe(303);
    expect(saved.headers.get("location")).toBe(status);
    const cookie = (saved.headers as unknown as { getSetCookie(): string[] }).getSetCookie()[0]!.split(";")[0]!;
    expect(cookie).toBe("th_tz=Asia%2FTokyo");

    const inTokyo = await (await call(status, { cookie })).text();
    expect(inTokyo).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2} GMT\+9: submitted/);
    expect(inTokyo).toContain("Times shown in Asia/Tokyo");
    const inUtc = await (await call(status)).text();
    expect(inUtc).toMatch(/\d{2}:\d{2} UTC: submitted/);

    // The API gives instants, not local times, whatever the cookie says.
    const owner = await signIn("owner@example.com");
    const api = (await (await call(`/api/v1/communities/${community.slug}/applications`, { cookie: `${owner}; ${cookie}` })).json()) as { items: { createdAt: string }[] };
    expect(api.items[0]!.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it("refuses a zone it does not know, naming the field", async () => {
    const res = await postForm("/preferences/time-zone", { timeZone: "Mars/Olympus", next: "/" });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain("timeZone");
  });
});
