import { describe, expect, it } from "vitest";
import { renderMarkdown, safeUrl } from "../../src/ui/markdown";

/** Every tag in the output must be one the renderer is allowed to emit, with only safe attributes. */
const ALLOWED_TAG =
  /^(?:<\/?(?:p|h1|h2|h3|ul|ol|li|strong|em|code|pre|blockquote|a)>|<br>|<hr>|<ol start="\d+">|<code class="language-[A-Za-z0-9_+-]+">|<a href="[^"<>]*" rel="nofollow noopener noreferrer">)$/;

function unescapeAttr(v: string): string {
  return v.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

function expectSafe(html: string) {
  const tags = html.match(/<[^>]*>/g) ?? [];
  for (const tag of tags) expect(tag).toMatch(ALLOWED_TAG);
  // Every "<" in the output starts one of those tags: all text "<" is escaped.
  expect((html.match(/</g) ?? []).length).toBe(tags.length);
  for (const [, href] of html.matchAll(/href="([^"]*)"/g)) {
    expect(unescapeAttr(href!)).toMatch(/^(?:https?:\/\/|mailto:|\/(?![/\\]))/i);
  }
}

const linksOf = (html: string) => [...html.matchAll(/<a href="([^"]*)"/g)].map((m) => unescapeAttr(m[1]!));

describe("renderMarkdown: hostile input", () => {
  const hostile: [string, string][] = [
    ["script tag", "<script>alert(1)</script>"],
    ["img onerror", '<img src=x onerror="alert(1)">'],
    ["raw anchor", '<a href="javascript:alert(1)">click</a>'],
    ["svg onload", "<svg/onload=alert(1)>"],
    ["html in emphasis", "**<img src=x onerror=alert(1)>** and *<b onclick=x>*"],
    ["html in heading", "# <script>alert(1)</script>"],
    ["html in link text", "[<img src=x onerror=alert(1)>](https://ok.example)"],
    ["html in code", "`<script>alert(1)</script>`\n\n```html\n<script>alert(1)</script>\n```"],
    ["html in list and quote", "- <iframe src=x>\n\n> <object data=x>"],
    ["javascript link", "[x](javascript:alert(1))"],
    ["upper-case scheme", "[x](JAVASCRIPT:alert(1))"],
    ["mixed-case scheme", "[x](JaVaScRiPt:alert(1))"],
    ["leading space", "[x]( javascript:alert(1))"],
    ["tab inside scheme", "[x](java\tscript:alert(1))"],
    ["newline inside scheme", "[x](java\nscript:alert(1))"],
    ["control character", "[x](\u0001javascript:alert(1))"],
    ["hex entity", "[x](jav&#x61;script:alert(1))"],
    ["decimal entity", "[x](&#106;avascript:alert(1))"],
    ["named entity colon", "[x](javascript&colon;alert(1))"],
    ["percent encoded", "[x](javascript%3Aalert(1))"],
    ["angle destination", "[x](<javascript:alert(1)>)"],
    ["angle autolink", "<javascript:alert(1)>"],
    ["data url", "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"],
    ["vbscript", "[x](vbscript:msgbox(1))"],
    ["file url", "[x](file:///etc/passwd)"],
    ["protocol-relative", "[x](//evil.example/path)"],
    ["backslash host", "[x](/\\evil.example)"],
    ["image syntax", "![x](javascript:alert(1))"],
    ["double quote breakout", '[x](https://a.example/"onmouseover="alert(1))'],
    ["single quote breakout", "[x](https://a.example/'onmouseover='alert(1))"],
    ["title breakout", '[x](https://a.example/ "t" onclick="alert(1)")'],
    ["bare url quote breakout", 'https://a.example/"><script>alert(1)</script>'],
    ["angle autolink breakout", '<https://a.example/" onmouseover="alert(1)>'],
    ["nested link in link", "[[x](javascript:alert(1))](https://ok.example)"],
    ["nested brackets", "[[[[[[x]]]]]](https://ok.example) [a [b] c](https://ok.example)"],
    ["unbalanced brackets", "[[[x](https://ok.example) ]]] [[ ]( ]"],
    ["entities as text", "&lt;script&gt; &amp; &#60;b&#62;"],
    ["null byte", "a\u0000b <scr\u0000ipt>"],
  ];

  for (const [name, md] of hostile) {
    it(`stays inert: ${name}`, () => {
      const html = renderMarkdown(md);
      expectSafe(html);
      expect(html).not.toMatch(/<(?:script|img|iframe|svg|object)/i);
      for (const href of linksOf(html)) expect(href).not.toMatch(/script:|data:|file:/i);
    });
  }

  it("renders a link with a forbidden scheme as its own plain text", () => {
    const html = renderMarkdown("see [x](javascript:alert(1)) now");
    expect(html).toBe("<p>see [x](javascript:alert(1)) now</p>");
  });

  it("keeps quotes inside the href attribute", () => {
    const html = renderMarkdown('[x](https://a.example/"onmouseover="alert(1))');
    expect(html).toContain('href="https://a.example/&quot;onmouseover=&quot;alert(1)"');
    expect(html).not.toMatch(/"\s*onmouseover=/);
  });

  it("does not nest links: the inner one is text", () => {
    const html = renderMarkdown("[[x](javascript:alert(1))](https://ok.example)");
    expect(linksOf(html)).toEqual(["https://ok.example"]);
    expect(html).toContain(">[x](javascript:alert(1))</a>");
  });

  it("escapes raw html as visible text", () => {
    expect(renderMarkdown("<script>alert(1)</script>")).toBe("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>");
  });

  it("stays fast on pathological input", () => {
    const evil = [
      "*".repeat(30000),
      "_a ".repeat(10000),
      "[".repeat(30000),
      "[a](<".repeat(4000),
      "`".repeat(5000),
      ">".repeat(5000) + " deep",
      "  - ".repeat(3000) + "x",
      "\\".repeat(20000),
      "# " + " ".repeat(20000) + "x",
    ].join("\n");
    const started = Date.now();
    expectSafe(renderMarkdown(evil));
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe("renderMarkdown: formatting", () => {
  it("renders headings, paragraphs and inline styles", () => {
    const html = renderMarkdown("# Welcome\n\nWe are **kind**, *curious* and use `code`.\nSame paragraph.\n\n### Rules ###");
    expect(html).toBe(
      "<h1>Welcome</h1>\n<p>We are <strong>kind</strong>, <em>curious</em> and use <code>code</code>.\nSame paragraph.</p>\n<h3>Rules</h3>",
    );
  });

  it("renders lists, nested lists and ordered starts", () => {
    expect(renderMarkdown("- one\n- two\n  - nested\n- three")).toBe(
      "<ul>\n<li>one</li>\n<li>two\n<ul>\n<li>nested</li>\n</ul></li>\n<li>three</li>\n</ul>",
    );
    expect(renderMarkdown("1. first\n2. second")).toBe("<ol>\n<li>first</li>\n<li>second</li>\n</ol>");
    expect(renderMarkdown("3. third\n4. fourth")).toContain('<ol start="3">');
  });

  it("renders blockquotes, rules and fenced code", () => {
    expect(renderMarkdown("> be kind\n> always\n\n---")).toBe("<blockquote>\n<p>be kind\nalways</p>\n</blockquote>\n<hr>");
    expect(renderMarkdown("```ts\nconst a = 1 < 2;\n```")).toBe('<pre><code class="language-ts">const a = 1 &lt; 2;\n</code></pre>');
  });

  it("renders allowed links with rel attributes", () => {
    const html = renderMarkdown(
      "[site](https://example.com/a?b=1&c=2) [mail](mailto:hi@example.com) [page](/c/demo) <https://auto.example> and https://bare.example/x.",
    );
    expectSafe(html);
    expect(linksOf(html)).toEqual([
      "https://example.com/a?b=1&c=2",
      "mailto:hi@example.com",
      "/c/demo",
      "https://auto.example",
      "https://bare.example/x",
    ]);
    expect(html).toContain('<a href="https://example.com/a?b=1&amp;c=2" rel="nofollow noopener noreferrer">site</a>');
    expect(html).toMatch(/x<\/a>\.<\/p>$/);
  });

  it("leaves intraword underscores and unmatched markers alone", () => {
    expect(renderMarkdown("snake_case_name and 2 * 3 * 4")).toBe("<p>snake_case_name and 2 * 3 * 4</p>");
    expect(renderMarkdown("***both***")).toBe("<p><strong><em>both</em></strong></p>");
  });

  it("supports hard breaks and backslash escapes", () => {
    expect(renderMarkdown("a  \nb\\\nc")).toBe("<p>a<br>\nb<br>\nc</p>");
    expect(renderMarkdown("\\*not italic\\* \\[x\\](y)")).toBe("<p>*not italic* [x](y)</p>");
  });
});

describe("safeUrl", () => {
  it("allows only http(s), mailto and site-relative paths", () => {
    expect(safeUrl("https://example.com")).toBe("https://example.com");
    expect(safeUrl("/c/demo?x=1")).toBe("/c/demo?x=1");
    expect(safeUrl("mailto:a@b.co")).toBe("mailto:a@b.co");
    for (const bad of ["javascript:x", "//evil.example", "/\\evil", "relative/path", "#top", "http:/x", " https://x.example", "https://x.example/\n"]) {
      expect(safeUrl(bad)).toBeNull();
    }
  });
});
