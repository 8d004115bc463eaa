import { asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { questions } from "../../drizzle";
import { setStaffRole } from "../../src/communities/service";
import { call, makeCommunity, postForm, signIn, tools } from "../helpers";

const MODERATOR = "questions-mod@example.com";

async function allQuestions(communityId: string) {
  return tools().deps.db.select().from(questions).where(eq(questions.communityId, communityId)).orderBy(asc(questions.position));
}

const choice = {
  kind: "single_choice",
  label: "Which industry?",
  help: "Pick the closest",
  required: "on",
  options: "SaaS\nHealth\nSelling to members",
  minLength: "",
  maxLength: "",
  minValue: "",
  maxValue: "",
  knockoutRules: "Selling to members => reject",
};

describe("the questionnaire editor", () => {
  let owner: string;

  beforeAll(async () => {
    owner = await signIn("owner@example.com");
  });

  async function setup() {
    const { community, questionIds } = await makeCommunity({ feeAmount: 0 }, [
      { kind: "short_text", label: "First question", required: true },
      { kind: "number", label: "Second question", minValue: 0, maxValue: 60 },
    ]);
    return { community, questionIds, url: `/c/${community.slug}/admin/questions` };
  }

  it("lists the questions with labelled add and edit forms", async () => {
    const { url, questionIds } = await setup();
    const res = await call(url, { cookie: owner });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.indexOf("First question")).toBeLessThan(html.indexOf("Second question"));
    for (const label of ["Kind", "Question", "Help text", "Options", "Minimum length", "Maximum length", "Minimum value", "Maximum value", "Knockout rules"]) {
      expect(html).toMatch(new RegExp(`<label for="new-[A-Za-z]+">${label}</label>`));
    }
    expect(html).toMatch(/<label class="choice" for="new-required">/);
    expect(html).toContain(`<label for="q-${questionIds[0]}-label">Question</label>`);
    expect(html).toMatch(/<option value="multi_choice"[^>]*>Multiple choice<\/option>/);
  });

  it("adds a choice question with a knockout rule", async () => {
    const { community, url } = await setup();
    const res = await postForm(url, choice, owner);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`${url}?done=added`);
    const added = (await allQuestions(community.id)).at(-1)!;
    expect(added).toMatchObject({
      kind: "single_choice",
      label: "Which industry?",
      help: "Pick the closest",
      required: true,
      options: ["SaaS", "Health", "Selling to members"],
      knockout: { "Selling to members": "reject" },
      position: 2,
    });
  });

  it.each([
    ["a choice question without options", { options: "", knockoutRules: "" }, "options", "Choice questions need at least 2 options"],
    ["a knockout on an unknown option", { knockoutRules: "Crypto => reject" }, "knockout", "Knockout names an unknown option: Crypto"],
    ["an unreadable knockout line", { knockoutRules: "Selling to members -> ban" }, "knockout", "Line 1: write each rule as"],
    ["a knockout on a text question", { kind: "short_text", options: "", knockoutRules: "Yes => flag" }, "knockout", "Knockout rules apply to choice questions only"],
    ["an empty label", { label: "  " }, "label", "Label is required"],
    ["an unknown kind", { kind: "essay" }, "kind", "Kind must be one of"],
    ["a non-numeric limit", { kind: "short_text", options: "", knockoutRules: "", maxLength: "lots" }, "maxLength", "Enter a whole number"],
    ["limits in the wrong order", { kind: "number", options: "", knockoutRules: "", minValue: "10", maxValue: "5" }, "minValue", "Minimum is above the maximum"],
  ])("refuses %s, naming the field", async (_, change, field, message) => {
    const { community, url } = await setup();
    const before = await allQuestions(community.id);
    const res = await postForm(url, { ...choice, ...change }, owner);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain(message);
    // The add form takes knockout rules in its "Knockout rules" textarea.
    expect(html).toContain(`id="new-${field === "knockout" ? "knockoutRules" : field}-error"`);
    expect(await allQuestions(community.id)).toEqual(before);
  });

  it("edits a question, with a knockout select per option", async () => {
    const { community, url } = await setup();
    await postForm(url, choice, owner);
    const added = (await allQuestions(community.id)).at(-1)!;
    const page = await (await call(url, { cookie: owner })).text();
    expect(page).toContain(`name="knockout:Selling to members"`);
    expect(page).toContain('When the answer is &quot;Health&quot;');
    const res = await postForm(
      `${url}/${added.id}`,
      {
        kind: "multi_choice",
        label: "Which industries?",
        help: "",
        options: "SaaS\nHealth\nSelling to members",
        minLength: "",
        maxLength: "",
        minValue: "",
        maxValue: "",
        "knockout:SaaS": "none",
        "knockout:Health": "flag",
        "knockout:Selling to members": "reject",
      },
      owner,
    );
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`${url}?done=saved`);
    const edited = (await allQuestions(community.id)).find((q) => q.id === added.id)!;
    expect(edited).toMatchObject({
      kind: "multi_choice",
      label: "Which industries?",
      required: false,
      knockout: { Health: "flag", "Selling to members": "reject" },
      position: added.position,
    });
  });

  it("refuses an edit whose knockout names a removed option, and keeps the question", async () => {
    const { community, url } = await setup();
    await postForm(url, choice, owner);
    const added = (await allQuestions(community.id)).at(-1)!;
    const res = await postForm(
      `${url}/${added.id}`,
      { kind: "single_choice", label: "Which industry?", options: "SaaS\nHealth", "knockout:Selling to members": "reject", minLength: "", maxLength: "", minValue: "", maxValue: "" },
      owner,
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("Knockout names an unknown option: Selling to members");
    expect(html).toMatch(/<details open="">/);
    expect((await allQuestions(community.id)).find((q) => q.id === added.id)).toEqual(added);
  });

  it("archives a question: gone from the form, kept for old answers", async () => {
    const { community, url, questionIds } = await setup();
    const res = await postForm(`${url}/${questionIds[0]}/archive`, {}, owner);
    expect(res.status).toBe(303);
    const row = (await allQuestions(community.id)).find((q) => q.id === questionIds[0])!;
    expect(row.archivedAt).toBeInstanceOf(Date);
    const html = await (await call(url, { cookie: owner })).text();
    expect(html).not.toContain("First question");
    // An archived question cannot be edited or archived again.
    expect((await postForm(`${url}/${questionIds[0]}`, { ...choice }, owner)).status).toBe(404);
    expect((await postForm(`${url}/${questionIds[0]}/archive`, {}, owner)).status).toBe(404);
  });

  it("moves questions up and down", async () => {
    const { community, url, questionIds } = await setup();
    const order = async () => (await allQuestions(community.id)).filter((q) => !q.archivedAt).map((q) => q.id);
    expect((await postForm(`${url}/${questionIds[1]}/move`, { direction: "up" }, owner)).status).toBe(303);
    expect(await order()).toEqual([questionIds[1], questionIds[0]]);
    expect((await postForm(`${url}/${questionIds[1]}/move`, { direction: "down" }, owner)).status).toBe(303);
    expect(await order()).toEqual([questionIds[0], questionIds[1]]);
    // Past the end is a no-op, a bad direction a 400.
    expect((await postForm(`${url}/${questionIds[1]}/move`, { direction: "down" }, owner)).status).toBe(303);
    expect(await order()).toEqual([questionIds[0], questionIds[1]]);
    expect((await postForm(`${url}/${questionIds[1]}/move`, { direction: "sideways" }, owner)).status).toBe(400);
  });

  it("is for owners: moderators get 403", async () => {
    const { community, url, questionIds } = await setup();
    await setStaffRole(tools().deps, community.id, MODERATOR, "moderator");
    const moderator = await signIn(MODERATOR);
    expect((await call(url, { cookie: moderator })).status).toBe(403);
    expect((await postForm(url, choice, moderator)).status).toBe(403);
    expect((await postForm(`${url}/${questionIds[0]}/archive`, {}, moderator)).status).toBe(403);
    expect((await allQuestions(community.id)).every((q) => !q.archivedAt)).toBe(true);
  });
});
