import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { lazyFields } from "../../src/lib/lazy-fields";
import { communityFields } from "../../src/communities/schemas";

describe("lazyFields", () => {
  it("builds each field on its first read, once, and hands out the same object after", () => {
    const built: string[] = [];
    const fields = lazyFields({
      name: () => (built.push("name"), z.string().check(z.minLength(2))),
      age: () => (built.push("age"), z.number().check(z.int())),
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

  it("serves as a zod shape whose fields are built on the object's first parse, once for every copy", () => {
    const built: string[] = [];
    const params = z.strictObject(lazyFields({ slug: () => (built.push("slug"), z.string().check(z.minLength(1), z.maxLength(64))) }));
    const withId = z.extend(params, lazyFields({ id: () => (built.push("id"), z.string().check(z.minLength(1))) }));
    expect(built).toEqual([]);
    expect(params.safeParse({ slug: "demo" }).success).toBe(true);
    expect(params.safeParse({ slug: "" }).success).toBe(false);
    expect(params.safeParse({ slug: "demo", extra: 1 }).success).toBe(false);
    expect(withId.safeParse({ slug: "demo", id: "x" }).success).toBe(true);
    expect(withId.safeParse({ slug: "demo" }).success).toBe(false);
    expect(built).toEqual(["slug", "id"]);
    // zod/mini's .check() reads the shape it copies (so described copies are made inside a z.lazy).
    const named = params.check(z.meta({ id: "Params" }));
    expect(named.safeParse({ slug: "demo" }).success).toBe(true);
    expect(built).toEqual(["slug", "id"]);
    expect(withId.shape.slug).toBe(params.shape.slug);
    expect(named.shape.slug).toBe(params.shape.slug);
  });

  it("keeps a schema module's fields as they validate", () => {
    expect(communityFields.name).toBe(communityFields.name);
    expect(communityFields.name.safeParse(" x ").success).toBe(false);
    expect(communityFields.feeAmount.safeParse(2500).success).toBe(true);
    expect(communityFields.termsUrl.safeParse("javascript:alert(1)").success).toBe(false);
  });
});
