import { describe, expect, it } from "vitest";
import { Args, decodeParams } from "../../src/dev/stripe-emulator/params";

describe("Stripe emulator: form params", () => {
  it("decodes nested params the way Stripe reads them", () => {
    const p = decodeParams(
      "metadata[application_id]=x&metadata[0]=zero&line_items[0][price_data][unit_amount]=2500&line_items[0][quantity]=1" +
        "&line_items[1][price]=price_1&expand[]=payment_intent&expand[]=subscription&payment_method_types[0]=card&email=a%40b.co",
    );
    expect(JSON.parse(JSON.stringify(p))).toEqual({
      metadata: { application_id: "x", "0": "zero" },
      line_items: [{ price_data: { unit_amount: "2500" }, quantity: "1" }, { price: "price_1" }],
      expand: ["payment_intent", "subscription"],
      payment_method_types: ["card"],
      email: "a@b.co",
    });
  });

  it("ignores prototype keys and names nested params in errors", () => {
    const p = decodeParams("__proto__[x]=1&a[constructor][y]=2&line_items[0][quantity]=abc");
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    const items = new Args(p).list("line_items");
    expect(() => items[0].int("quantity")).toThrow(expect.objectContaining({ param: "line_items[0][quantity]" }));
    expect(() => new Args(p).reqStr("mode")).toThrow(expect.objectContaining({ code: "parameter_missing", param: "mode" }));
  });

  it("applies metadata updates like Stripe", () => {
    expect(new Args(decodeParams("metadata[a]=&metadata[c]=3")).metadata({ a: "1", b: "2" })).toEqual({ b: "2", c: "3" });
    expect(new Args(decodeParams("metadata=")).metadata({ a: "1" })).toEqual({});
  });
});
