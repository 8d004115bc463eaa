/**
 * A small, safe Markdown renderer for community descriptions, rules and member content.
 *
 * Safety model: the input is never trusted as HTML. Every character of text is escaped on the
 * way out, and the only tags emitted are the fixed set below, with the only attributes being
 * `href` + `rel` on links (URL allow-listed), `start` on ordered lists (digits only) and
 * `class` on code blocks (`language-` + [A-Za-z0-9_+-]). Anything that does not parse as one of
 * the supported constructs falls back to escaped text.
 *
 * Supported: ATX headings (# to ###; deeper levels render as h3), paragraphs, hard breaks
 * (two trailing spaces or a backslash), unordered and ordered lists (nested by indentation),
 * blockquotes, fenced code blocks, horizontal rules, **bold** / __bold__, *italic* / _italic_,
 * `inline code`, [links](url "title"), <autolinks>, bare http(s) URLs and backslash escapes.
 *
 * Work is linear-ish in the input: failed delimiter searches are memoised and nesting is capped,
 * so hostile input (thousands of `*` or `[`) cannot make a request burn CPU.
 */

const MAX_BLOCK_DEPTH = 8;
const MAX_INLINE_DEPTH = 8;
/** Sentinel for a hard line break; NUL is removed from the input first, so it cannot be forged. */
const HARD_BREAK = "\u0000";
const LINK_REL = "nofollow noopener noreferrer";
/** Longest URL or link title looked for; longer ones are text. */
const MAX_LINK_PART = 2048;

export function renderMarkdown(md: string): string {
  const source = md.replace(/\r\n?/g, "\n").replace(/\u0000/g, "\uFFFD").replace(/\t/g, "    ");
  return renderBlocks(source.split("\n"), 0, false);
}

// ---------------------------------------------------------------------------------------------
// Escaping and URLs

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);
}

/**
 * Returns the URL if it may become a link, else null. Only http:, https:, mailto: and
 * site-relative paths ("/x", not "//host" or "/\host", which browsers treat as another host).
 * Nothing is decoded first: `jav&#x61;script:` or `java\tscript:` simply fail the allow-list,
 * and any whitespace or control character anywhere rejects the URL outright.
 */
export function safeUrl(raw: string): string | null {
  if (!raw || /[\s\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/.test(raw)) return null;
  if (raw.startsWith("/")) return raw[1] === "/" || raw[1] === "\\" ? null : raw;
  if (/^mailto:[^/\\]/i.test(raw)) return raw;
  if (!/^https?:\/\/[^/\\?#]/i.test(raw)) return null;
  try {
    const url = new URL(raw);
    return url.protocol === "http:" || url.protocol === "https:" ? raw : null;
  } catch {
    return null;
  }
}

function anchor(url: string, innerHtml: string): string {
  return `<a href="${escapeHtml(url)}" rel="${LINK_REL}">${innerHtml}</a>`;
}

// ---------------------------------------------------------------------------------------------
// Blocks

const FENCE = /^( {0,3})(`{3,}|~{3,})(.*)$/;
const HEADING = /^ {0,3}(#{1,6})(?:[ ]+(.*))?$/;
const RULE = /^ {0,3}([-*_])(?:[ ]*\1){2,}[ ]*$/;
const QUOTE = /^ {0,3}> ?(.*)$/;
const BULLET = /^( {0,3})([-*+])( +)(.*)$/;
const ORDERED = /^( {0,3})(\d{1,9})([.)])( +)(.*)$/;

interface ListItemStart {
  ordered: boolean;
  /** The bullet character or the ordered delimiter: a different one starts a new list. */
  marker: string;
  start: number;
  contentOffset: number;
  content: string;
}

function listItemStart(line: string): ListItemStart | null {
  let m = BULLET.exec(line);
  if (m) {
    const [, indent, marker, gap, content] = m as unknown as [string, string, string, string, string];
    return { ordered: false, marker, start: 1, contentOffset: indent.length + 1 + Math.min(gap.length, 4), content };
  }
  m = ORDERED.exec(line);
  if (m) {
    const [, indent, num, delim, gap, content] = m as unknown as [string, string, string, string, string, string];
    return {
      ordered: true,
      marker: delim,
      start: Number(num),
      contentOffset: indent.length + num.length + 1 + Math.min(gap.length, 4),
      content,
    };
  }
  return null;
}

const isBlank = (line: string) => line.trim() === "";
const indentOf = (line: string) => line.length - line.trimStart().length;

/** Whether a line begins a block that ends a running paragraph. */
function interruptsParagraph(line: string): boolean {
  if (FENCE.test(line) || HEADING.test(line) || RULE.test(line) || QUOTE.test(line)) return true;
  const item = listItemStart(line);
  return !!item && item.content.trim() !== "" && (!item.ordered || item.start === 1);
}

function renderBlocks(lines: string[], depth: number, tight: boolean): string {
  const out: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (isBlank(line)) {
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence && !(fence[2]![0] === "`" && fence[3]!.includes("`"))) {
      i = renderFence(lines, i, fence, out);
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      const level = Math.min(heading[1]!.length, 3);
      // An optional closing run of #s ("## Title ##") is not part of the text.
      const text = (heading[2] ?? "").trimEnd().replace(/(^|[ ])#+$/, "").trimEnd();
      out.push(`<h${level}>${renderInline(text, 0, true)}</h${level}>`);
      i++;
      continue;
    }
    if (RULE.test(line)) {
      out.push("<hr>");
      i++;
      continue;
    }
    if (depth < MAX_BLOCK_DEPTH && QUOTE.test(line)) {
      i = renderQuote(lines, i, depth, out);
      continue;
    }
    if (depth < MAX_BLOCK_DEPTH && listItemStart(line)) {
      i = renderList(lines, i, depth, out);
      continue;
    }
    i = renderParagraph(lines, i, tight, out);
  }
  return out.join("\n");
}

function renderFence(lines: string[], start: number, fence: RegExpExecArray, out: string[]): number {
  const indent = fence[1]!.length;
  const marker = fence[2]!;
  const lang = fence[3]!.trim().split(/\s+/)[0] ?? "";
  const body: string[] = [];
  let i = start + 1;
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    const close = /^ {0,3}(`{3,}|~{3,})[ ]*$/.exec(line);
    if (close && close[1]![0] === marker[0] && close[1]!.length >= marker.length) {
      i++;
      break;
    }
    body.push(line.slice(Math.min(indent, indentOf(line))));
  }
  const cls = /^[A-Za-z0-9_+-]{1,32}$/.test(lang) ? ` class="language-${lang}"` : "";
  const code = body.length ? escapeHtml(body.join("\n")) + "\n" : "";
  out.push(`<pre><code${cls}>${code}</code></pre>`);
  return i;
}

function renderQuote(lines: string[], start: number, depth: number, out: string[]): number {
  const inner: string[] = [];
  let i = start;
  for (; i < lines.length; i++) {
    const m = QUOTE.exec(lines[i]!);
    if (m) inner.push(m[1]!);
    // Lazy continuation: a plain line right after quoted text continues its paragraph.
    else if (!isBlank(lines[i]!) && inner.length && !isBlank(inner[inner.length - 1]!) && !interruptsParagraph(lines[i]!))
      inner.push(lines[i]!);
    else break;
  }
  out.push(`<blockquote>\n${renderBlocks(inner, depth + 1, false)}\n</blockquote>`);
  return i;
}

function renderList(lines: string[], start: number, depth: number, out: string[]): number {
  const first = listItemStart(lines[start]!)!;
  const items: string[][] = [];
  let loose = false;
  let i = start;
  while (i < lines.length) {
    const item = listItemStart(lines[i]!);
    if (!item || item.ordered !== first.ordered || item.marker !== first.marker) break;
    const body = [item.content];
    i++;
    let sawBlank = false;
    while (i < lines.length) {
      const line = lines[i]!;
      if (isBlank(line)) {
        sawBlank = true;
        body.push("");
        i++;
        continue;
      }
      const indent = indentOf(line);
      if (indent >= 2) {
        body.push(line.slice(Math.min(indent, item.contentOffset)));
      } else if (!sawBlank && !listItemStart(line) && !interruptsParagraph(line) && !isBlank(body[body.length - 1]!)) {
        body.push(line); // lazy continuation of the item's paragraph
      } else {
        break;
      }
      if (sawBlank) loose = true;
      sawBlank = false;
      i++;
    }
    while (body.length && isBlank(body[body.length - 1]!)) body.pop();
    items.push(body);
    // A blank line between two items of the same list makes the list loose.
    if (sawBlank && i < lines.length) {
      const next = listItemStart(lines[i]!);
      if (next && next.ordered === first.ordered && next.marker === first.marker) loose = true;
    }
  }
  const rendered = items.map((body) => `<li>${renderBlocks(body, depth + 1, !loose)}</li>`).join("\n");
  if (!first.ordered) out.push(`<ul>\n${rendered}\n</ul>`);
  else out.push(`<ol${first.start !== 1 ? ` start="${first.start}"` : ""}>\n${rendered}\n</ol>`);
  return i;
}

function renderParagraph(lines: string[], start: number, tight: boolean, out: string[]): number {
  const text: string[] = [];
  let i = start;
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (isBlank(line) || (i > start && interruptsParagraph(line))) break;
    text.push(line.trim() === "" ? "" : line.trimStart());
  }
  // A line ending in two spaces or a backslash is a hard break (not after the last line).
  const joined = text
    .map((line, n) => {
      if (n === text.length - 1) return line.trimEnd();
      if (line.endsWith("  ")) return line.trimEnd() + HARD_BREAK;
      if (trailingBackslashes(line) % 2 === 1) return line.slice(0, -1) + HARD_BREAK;
      return line.trimEnd();
    })
    .join("\n");
  const html = renderInline(joined, 0, true);
  out.push(tight ? html : `<p>${html}</p>`);
  return i;
}

function trailingBackslashes(line: string): number {
  let n = 0;
  while (line[line.length - 1 - n] === "\\") n++;
  return n;
}

// ---------------------------------------------------------------------------------------------
// Inlines

const PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/;
const WORD = /[\p{L}\p{N}]/u;

function renderInline(text: string, depth: number, allowLinks: boolean): string {
  if (depth > MAX_INLINE_DEPTH) return escapeText(text);
  return new InlineRenderer(text, depth, allowLinks).render();
}

function escapeText(s: string): string {
  return escapeHtml(s).replace(/\u0000/g, "<br>");
}

class InlineRenderer {
  private out = "";
  private pos = 0;
  private plainStart = 0;
  /** Delimiters (and code-span lengths) known to have no closer after a position. */
  private noCloserFrom = new Map<string, number>();
  private bracketMatch: Map<number, number> | null = null;

  constructor(
    private readonly s: string,
    private readonly depth: number,
    private readonly allowLinks: boolean,
  ) {}

  render(): string {
    const s = this.s;
    while (this.pos < s.length) {
      const ch = s[this.pos]!;
      const handled =
        (ch === "\\" && this.escape()) ||
        (ch === "`" && this.codeSpan()) ||
        ((ch === "*" || ch === "_") && this.emphasis(ch)) ||
        (ch === "[" && this.allowLinks && this.link()) ||
        (ch === "<" && this.allowLinks && this.angleAutolink()) ||
        ((ch === "h" || ch === "H") && this.allowLinks && this.bareUrl());
      if (!handled) this.pos++;
    }
    this.flush(s.length);
    return this.out;
  }

  /** Emits the plain text up to `end` (escaped), then `html` as-is, and moves on to `next`. */
  private emit(end: number, html: string, next: number): true {
    this.flush(end);
    this.out += html;
    this.pos = this.plainStart = next;
    return true;
  }

  private flush(end: number) {
    if (end > this.plainStart) this.out += escapeText(this.s.slice(this.plainStart, end));
    this.plainStart = Math.max(this.plainStart, end);
  }

  private escape(): boolean {
    const next = this.s[this.pos + 1];
    if (next === undefined || !PUNCTUATION.test(next)) return false;
    return this.emit(this.pos, escapeHtml(next), this.pos + 2);
  }

  private runLength(at: number, ch: string): number {
    let n = 0;
    while (this.s[at + n] === ch) n++;
    return n;
  }

  private codeSpan(): boolean {
    const start = this.pos;
    const n = this.runLength(start, "`");
    const key = "`" + n;
    const closerSearchFrom = start + n;
    if ((this.noCloserFrom.get(key) ?? Infinity) <= closerSearchFrom) return this.skip(n);
    let from = closerSearchFrom;
    for (;;) {
      const at = this.s.indexOf("`", from);
      if (at < 0) {
        this.noCloserFrom.set(key, closerSearchFrom);
        return this.skip(n);
      }
      const len = this.runLength(at, "`");
      if (len === n) {
        let code = this.s.slice(closerSearchFrom, at).replace(/[\n\u0000]/g, " ");
        if (code.length >= 2 && code.startsWith(" ") && code.endsWith(" ") && code.trim()) code = code.slice(1, -1);
        return this.emit(start, `<code>${escapeHtml(code)}</code>`, at + n);
      }
      from = at + len;
    }
  }

  /** Treats a run of delimiter characters as plain text. */
  private skip(n: number): true {
    this.pos += n;
    return true;
  }

  private emphasis(ch: "*" | "_"): boolean {
    const s = this.s;
    const start = this.pos;
    const run = this.runLength(start, ch);
    const size = run >= 2 ? 2 : 1;
    const after = s[start + run];
    const before = s[start - 1];
    const canOpen =
      after !== undefined && !/\s/.test(after) && (ch === "*" || before === undefined || !WORD.test(before));
    if (!canOpen) return this.skip(run);
    const close = this.findEmphasisCloser(ch, size, start + size + 1);
    if (close < 0) return size === 2 && run >= 2 ? this.skip(1) : this.skip(run);
    const inner = renderInline(s.slice(start + size, close), this.depth + 1, this.allowLinks);
    const tag = size === 2 ? "strong" : "em";
    return this.emit(start, `<${tag}>${inner}</${tag}>`, close + size);
  }

  /** The position of a closing delimiter of exactly `size` (the last one of a longer run). */
  private findEmphasisCloser(ch: string, size: number, from: number): number {
    const s = this.s;
    const key = ch.repeat(size);
    if ((this.noCloserFrom.get(key) ?? Infinity) <= from) return -1;
    let at = from;
    for (;;) {
      at = s.indexOf(key, at);
      if (at < 0) {
        this.noCloserFrom.set(key, from);
        return -1;
      }
      // Walk to the end of the run so `***x***` closes the bold after the italic.
      let runStart = at;
      while (runStart > from && s[runStart - 1] === ch) runStart--;
      const runEnd = at + this.runLength(at, ch);
      const closer = runEnd - size;
      const before = s[closer - 1];
      const afterClose = s[runEnd];
      const okBefore = before !== undefined && !/\s/.test(before);
      const okAfter = ch === "*" || afterClose === undefined || !WORD.test(afterClose);
      const exactSingle = size === 2 || runEnd - runStart === 1 || runEnd - runStart >= 3;
      if (closer >= from && okBefore && okAfter && exactSingle) return closer;
      at = runEnd;
    }
  }

  private link(): boolean {
    const start = this.pos;
    const close = this.matchingBracket(start);
    if (close === undefined || this.s[close + 1] !== "(") return false;
    const dest = parseDestination(this.s, close + 2);
    if (!dest) return false;
    const url = safeUrl(dest.url);
    if (!url) return this.emit(start, escapeText(this.s.slice(start, dest.end)), dest.end);
    const label = renderInline(this.s.slice(start + 1, close), this.depth + 1, false);
    return this.emit(start, anchor(url, label), dest.end);
  }

  /** Pairs every `[` with its `]` in one pass (escaped brackets do not count). */
  private matchingBracket(open: number): number | undefined {
    if (!this.bracketMatch) {
      this.bracketMatch = new Map();
      const stack: number[] = [];
      for (let i = 0; i < this.s.length; i++) {
        const c = this.s[i];
        if (c === "\\") i++;
        else if (c === "[") stack.push(i);
        else if (c === "]" && stack.length) this.bracketMatch.set(stack.pop()!, i);
      }
    }
    return this.bracketMatch.get(open);
  }

  private angleAutolink(): boolean {
    const rest = this.s.slice(this.pos, this.pos + MAX_LINK_PART);
    const m = /^<((?:https?|mailto):[^\s<>]*)>/i.exec(rest) ?? /^<([^\s@<>()\\]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})>/.exec(rest);
    if (!m) return false;
    const target = m[1]!.includes(":") ? m[1]! : `mailto:${m[1]}`;
    const url = safeUrl(target);
    if (!url) return false;
    return this.emit(this.pos, anchor(url, escapeHtml(m[1]!)), this.pos + m[0].length);
  }

  private bareUrl(): boolean {
    const before = this.s[this.pos - 1];
    if (before !== undefined && (WORD.test(before) || before === "/" || before === "&")) return false;
    const m = /^https?:\/\/[^\s<>"'`\u0000]+/i.exec(this.s.slice(this.pos, this.pos + MAX_LINK_PART));
    if (!m) return false;
    const text = trimUrlTail(m[0]);
    const url = safeUrl(text);
    if (!url) return false;
    return this.emit(this.pos, anchor(url, escapeHtml(text)), this.pos + text.length);
  }
}

/** Drops trailing punctuation and unbalanced closing parentheses from a bare URL. */
function trimUrlTail(url: string): string {
  let end = url.length;
  for (;;) {
    const last = url[end - 1];
    if (last && /[?!.,:;*_~]/.test(last)) end--;
    else if (last === ")") {
      const body = url.slice(0, end);
      if ((body.match(/\(/g)?.length ?? 0) < (body.match(/\)/g)?.length ?? 0)) end--;
      else break;
    } else break;
  }
  return url.slice(0, end);
}

/** Parses `url "title")` after `](`; the title is accepted and dropped. */
function parseDestination(s: string, from: number): { url: string; end: number } | null {
  let i = from;
  while (s[i] === " " || s[i] === "\n") i++;
  let url = "";
  if (s[i] === "<") {
    const close = boundedIndexOf(s, ">", i + 1);
    if (close < 0) return null;
    url = s.slice(i + 1, close);
    if (/[<\n]/.test(url)) return null;
    i = close + 1;
  } else {
    let depth = 0;
    const begin = i;
    for (; i < s.length; i++) {
      const c = s[i]!;
      if (c === "\\" && i + 1 < s.length && PUNCTUATION.test(s[i + 1]!)) i++;
      else if (c === "(") {
        if (++depth > 32) return null;
      } else if (c === ")") {
        if (depth === 0) break;
        depth--;
      } else if (/[\s\u0000]/.test(c)) break;
    }
    url = s.slice(begin, i).replace(/\\([!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~])/g, "$1");
  }
  while (s[i] === " " || s[i] === "\n") i++;
  const quote = s[i];
  if (quote === '"' || quote === "'" || quote === "(") {
    const closer = quote === "(" ? ")" : quote;
    const end = boundedIndexOf(s, closer, i + 1);
    if (end < 0) return null;
    i = end + 1;
    while (s[i] === " " || s[i] === "\n") i++;
  }
  if (s[i] !== ")") return null;
  return { url, end: i + 1 };
}

/** indexOf that gives up after MAX_LINK_PART characters, so unclosed `<` or `"` stay cheap. */
function boundedIndexOf(s: string, needle: string, from: number): number {
  const at = s.slice(from, from + MAX_LINK_PART).indexOf(needle);
  return at < 0 ? -1 : from + at;
}
