import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, makeCommunity, tools } from "../helpers";
import { session } from "../api/helpers";
import { contentCommunity, staggeredDrop } from "../content/helpers";
import { addDropFile, cleanFilename } from "../../src/content/files";

function directives(csp: string | null): Map<string, string> {
  return new Map((csp ?? "").split(";").map((d) => d.trim()).filter(Boolean).map((d) => [d.split(/\s+/)[0]!, d.split(/\s+/).slice(1).join(" ")]));
}

describe("headers", () => {
  it("send a strict Content-Security-Policy on every response: public, admin, API, errors", async () => {
    const { community } = await makeCommunity();
    const owner = await session("owner@example.com");
    const html = { accept: "text/html" };
    const pages: [string, { cookie?: string; headers?: Record<string, string> }][] = [
      ["/", { headers: html }],
      ["/signin", { headers: html }],
      [`/c/${community.slug}`, { headers: html }],
      [`/c/${community.slug}/admin/applications`, { cookie: owner, headers: html }],
      ["/c/no-such-community", { headers: html }],
      ["/api/v1/openapi.json", {}],
      ["/healthz", {}],
    ];
    for (const [path, init] of pages) {
      const res = await call(path, init);
      const csp = directives(res.headers.get("content-security-policy"));
      expect(csp.get("default-src"), path).toBe("'none'");
      expect(csp.get("script-src"), path).toBe("'none'");
      expect(csp.get("frame-ancestors"), path).toBe("'none'");
      expect(csp.get("base-uri"), path).toBe("'none'");
      expect(csp.get("img-src"), path).toBe("'self' data:");
      expect(csp.get("form-action"), path).toContain("'self'");
      expect(csp.get("form-action"), path).toContain("https://checkout.stripe.com");
      expect(res.headers.get("x-content-type-options"), path).toBe("nosniff");
    }
  });

  it("strip bidirectional controls from uploaded file names", async () => {
    expect(cleanFilename("invoice\u202Efdp.exe")).toBe("invoicefdp.exe");
    expect(cleanFilename("\u2066a\u2067b\u2068c\u2069\u200E\u200F\u202A\u202B\u202C\u202D.txt")).toBe("abc.txt");
    expect(cleanFilename("\u202E")).toBe("file");
    const tiers = await contentCommunity();
    const { drop } = await staggeredDrop(tiers.community, tiers);
    const file = new File([new TextEncoder().encode("hello")], "notes\u202Etxt.exe", { type: "text/plain" });
    const stored = await addDropFile(tools().deps, env.FILES, drop.id, file);
    expect(stored.filename).toBe("notestxt.exe");
  });
});
