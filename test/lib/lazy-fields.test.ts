import { describe, expect, it } from "vitest";
import { z } from "zod";
import { lazyFields } from "../../src/lib/lazy-fields";
import { communityFields } from "../../src/communities/schemas";

describe("lazyFields", () => {
  it("builds each field on its first read, once, and hands out the same object after", () => {
    const built: string[] = [];
    const fields = lazyFields({
      name: () => (built.push("name"), z.string().min(2)),
      age: () => (built.push("age"), z.number().int()),
    });
    expect(built).toEqual([]);
    const first = fields.name;
    expect(built).toEqual(["name"]);
    expect(fields.name).toBe(first);
    expect(built).toEqual(["name"]);
    expect(fields.name.safeParse("a").success).toBe(false);
    expect(Object.keys(fields)).toEqual(["name", "age"]);
    expect(fields.age.parse(3)).toBe(3);
    expect(built).toEqual(["name", "age"]);
  });

  it("keeps a schema module's fields as they validate", () => {
    expect(communityFields.name).toBe(communityFields.name);
    expect(communityFields.name.safeParse(" x ").success).toBe(false);
    expect(communityFields.feeAmount.safeParse(2500).success).toBe(true);
    expect(communityFields.termsUrl.safeParse("javascript:alert(1)").success).toBe(false);
  });
});
