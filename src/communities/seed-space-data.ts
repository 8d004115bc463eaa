/**
 * The people and conversations of the demo community (see seed-space.ts). Times are days before
 * the seed runs; `by` names a member by key, "owner" is the owner.
 */

export interface DemoPerson {
  key: string;
  email: string;
  name: string;
  role: string;
  industry: string;
  city: string;
  years: number;
  goodAt: string;
  wants: string[];
  hobbies: string;
  tier: "Member" | "Core";
  joinedDaysAgo: number;
}

export const DEMO_PEOPLE: DemoPerson[] = [
  { key: "maya", email: "maya@example.com", name: "Maya Lindqvist", role: "Product Lead at a payments startup", industry: "Fintech", city: "Stockholm", years: 9, goodAt: "Turning messy discovery interviews into a roadmap people believe in.", wants: ["Peer advice", "Meetups"], hobbies: "Trail running, sourdough", tier: "Member", joinedDaysAgo: 150 },
  { key: "dev", email: "dev.patel@example.com", name: "Dev Patel", role: "VP Engineering at a B2B SaaS scale-up", industry: "Software / SaaS", city: "London", years: 16, goodAt: "Growing engineering teams from 10 to 80 without losing the culture.", wants: ["Peer advice", "Hiring"], hobbies: "Chess, cycling", tier: "Core", joinedDaysAgo: 330 },
  { key: "sofia", email: "sofia.ramos@example.com", name: "Sofía Ramos", role: "Head of Design at a health app", industry: "Health", city: "Madrid", years: 11, goodAt: "Design critiques that make work better instead of making people defensive.", wants: ["Career growth", "Meetups"], hobbies: "Ceramics, salsa", tier: "Member", joinedDaysAgo: 90 },
  { key: "kenji", email: "kenji.ito@example.com", name: "Kenji Ito", role: "Staff Engineer at a logistics platform", industry: "Software / SaaS", city: "Berlin", years: 12, goodAt: "Untangling legacy systems one seam at a time.", wants: ["Peer advice"], hobbies: "Bouldering, synthesizers", tier: "Member", joinedDaysAgo: 210 },
  { key: "amara", email: "amara.nwosu@example.com", name: "Amara Nwosu", role: "CTO at a lending startup", industry: "Fintech", city: "Lagos", years: 14, goodAt: "Building reliable systems on unreliable infrastructure.", wants: ["Peer advice", "Hiring"], hobbies: "Afrobeat DJing, football", tier: "Core", joinedDaysAgo: 390 },
  { key: "lukas", email: "lukas.meyer@example.com", name: "Lukas Meyer", role: "Engineering Manager at an e-commerce company", industry: "E-commerce", city: "Munich", years: 8, goodAt: "Running calm on-call rotations.", wants: ["Career growth"], hobbies: "Skiing, board games", tier: "Member", joinedDaysAgo: 60 },
  { key: "chloe", email: "chloe.martin@example.com", name: "Chloé Martin", role: "Senior Product Manager at a marketplace", industry: "E-commerce", city: "Paris", years: 6, goodAt: "Pricing experiments that do not anger existing customers.", wants: ["Career growth", "Peer advice"], hobbies: "Photography, swimming", tier: "Member", joinedDaysAgo: 30 },
  { key: "ravi", email: "ravi.sharma@example.com", name: "Ravi Sharma", role: "Founder of a developer-tools company", industry: "Software / SaaS", city: "Bangalore", years: 15, goodAt: "Selling to engineers without a sales team.", wants: ["Peer advice", "Hiring"], hobbies: "Cricket, cooking", tier: "Core", joinedDaysAgo: 270 },
  { key: "emma", email: "emma.wilson@example.com", name: "Emma Wilson", role: "Head of People at a climate-tech startup", industry: "Other", city: "Manchester", years: 10, goodAt: "Career ladders that engineers actually read.", wants: ["Hiring", "Meetups"], hobbies: "Choir, hiking", tier: "Member", joinedDaysAgo: 180 },
  { key: "tomas", email: "tomas.novak@example.com", name: "Tomás Novák", role: "Data Lead at an insurance company", industry: "Fintech", city: "Prague", years: 7, goodAt: "Metrics definitions that survive a reorg.", wants: ["Peer advice"], hobbies: "Beer brewing, running", tier: "Member", joinedDaysAgo: 120 },
  { key: "hana", email: "hana.kim@example.com", name: "Hana Kim", role: "Product Designer at an agency", industry: "Agency or consulting", city: "Seoul", years: 4, goodAt: "Fast prototypes for user tests.", wants: ["Career growth", "Meetups"], hobbies: "Film cameras, tennis", tier: "Member", joinedDaysAgo: 14 },
  { key: "oliver", email: "oliver.berg@example.com", name: "Oliver Berg", role: "COO at a seed-stage SaaS company", industry: "Software / SaaS", city: "Oslo", years: 13, goodAt: "Board decks and first finance hires.", wants: ["Peer advice", "Hiring"], hobbies: "Sailing, jazz", tier: "Core", joinedDaysAgo: 300 },
];

export interface DemoReply {
  by: string;
  daysAgo: number;
  body: string;
  reactions?: [string, string][];
}

export interface DemoThread {
  space: string;
  by: string;
  daysAgo: number;
  title: string;
  body: string;
  reactions?: [string, string][];
  replies?: DemoReply[];
  poll?: { question: string; options: string[]; votes: Record<string, number> };
}

export const DEMO_SPACES = [
  { slug: "ask", name: "Ask the group", emoji: "❓", description: "Questions about work, answered by people who have been there." },
  { slug: "hiring", name: "Hiring", emoji: "💼", description: "Roles you are hiring for, and hiring questions. No recruiters." },
  { slug: "life", name: "Life & hobbies", emoji: "🌱", description: "Meetups, books, the things we do after work." },
  { slug: "news", name: "Announcements", emoji: "📣", description: "News from the team. Only the team posts here." },
  { slug: "lounge", name: "Core lounge", emoji: "🔥", description: "For Core members: plans, guests and candid talk." },
] as const;

export const DEMO_THREADS: DemoThread[] = [
  { space: "news", by: "owner", daysAgo: 40, title: "Welcome to the new community space", body: "We now have spaces for questions, hiring and life outside work. Introduce yourself in **Life & hobbies**, and ask anything in **Ask the group**.", reactions: [["maya", "tada"], ["dev", "tada"], ["sofia", "heart"], ["kenji", "thumbsup"]] },
  { space: "ask", by: "maya", daysAgo: 33, title: "How do you run discovery with a team that only wants to ship?", body: "My engineers see interviews as a delay. How did you get a team to care about discovery without slowing delivery to a crawl?", reactions: [["chloe", "thumbsup"], ["sofia", "bulb"]], replies: [
    { by: "dev", daysAgo: 33, body: "Bring one engineer to every second interview. After three sessions they start asking for more.", reactions: [["maya", "pray"], ["kenji", "thumbsup"]] },
    { by: "sofia", daysAgo: 32, body: "We share a 5-minute clip in the Friday demo. Hearing a customer struggle does more than any doc." },
    { by: "maya", daysAgo: 31, body: "Trying the clip idea this week, thank you both." },
  ] },
  { space: "hiring", by: "amara", daysAgo: 28, title: "Hiring: two senior backend engineers (remote, Africa or Europe time zones)", body: "Go or Kotlin, payments experience a plus. We pay in the top quartile for the market and the team is lovely. Reply or write to me here.", reactions: [["ravi", "thumbsup"], ["oliver", "heart"]], replies: [
    { by: "kenji", daysAgo: 27, body: "Sent you a message about a former colleague who would be a great fit." },
    { by: "emma", daysAgo: 27, body: "Happy to share our remote interview loop if it helps." },
  ] },
  { space: "ask", by: "chloe", daysAgo: 24, title: "Raising prices for existing customers: grandfather or not?", body: "We are moving from $19 to $29. Do you grandfather current customers, and for how long?", replies: [
    { by: "ravi", daysAgo: 24, body: "Grandfather for 12 months and tell them early. The goodwill paid for itself in referrals.", reactions: [["chloe", "bulb"], ["maya", "thumbsup"], ["tomas", "thumbsup"]] },
    { by: "oliver", daysAgo: 23, body: "We did six months plus a yearly plan at the old price. Most switched to yearly." },
    { by: "tomas", daysAgo: 22, body: "Measure churn by cohort, not in aggregate, or the price change hides in the noise." },
  ] },
  { space: "life", by: "kenji", daysAgo: 21, title: "Berlin meetup: bouldering and beers?", body: "A few of us are in Berlin. Anyone up for bouldering at Ostbloc and a beer after?", poll: { question: "Which evening works for you?", options: ["Tuesday", "Wednesday", "Thursday"], votes: { kenji: 1, lukas: 2, maya: 2, dev: 0, sofia: 2 } }, replies: [
    { by: "lukas", daysAgo: 20, body: "I will come up from Munich for this. Thursday please!" },
    { by: "sofia", daysAgo: 19, body: "Visiting Berlin that week, count me in." },
  ] },
  { space: "lounge", by: "dev", daysAgo: 18, title: "Guest ideas for the next deep-dive session", body: "Shortlist so far: a CFO on first finance hires, and a staff engineer on platform teams. Other ideas?", reactions: [["amara", "thumbsup"], ["oliver", "bulb"]], replies: [
    { by: "oliver", daysAgo: 18, body: "I can introduce the CFO from our last round, she is a great speaker." },
    { by: "ravi", daysAgo: 17, body: "A founder who sold to a larger company and stayed on. Rare and honest stories." },
  ] },
  { space: "ask", by: "lukas", daysAgo: 14, title: "On-call compensation: what is fair?", body: "We are formalising on-call. Flat fee per week, per incident, or time off in lieu?", replies: [
    { by: "amara", daysAgo: 14, body: "Flat weekly fee plus time off after any night page. Simple and people feel respected.", reactions: [["lukas", "pray"], ["emma", "thumbsup"]] },
    { by: "emma", daysAgo: 13, body: "Write it into the career ladder too, so on-call work is visible in reviews." },
  ] },
  { space: "hiring", by: "emma", daysAgo: 10, title: "Our engineering career ladder, free to copy", body: "We published our ladder (IC1 to IC6 and EM1 to EM3). Feedback welcome, and steal anything useful.", reactions: [["dev", "heart"], ["lukas", "bulb"], ["kenji", "thumbsup"], ["hana", "thumbsup"]], replies: [
    { by: "dev", daysAgo: 9, body: "The examples per level are what most ladders miss. Nicely done." },
  ] },
  { space: "life", by: "sofia", daysAgo: 8, title: "Books that changed how you work", body: "Mine: *The Making of a Manager* and *Shape Up*. What are yours?", replies: [
    { by: "tomas", daysAgo: 8, body: "*How to Measure Anything*. Changed how I argue for data work." },
    { by: "hana", daysAgo: 7, body: "*Steal Like an Artist*, short and encouraging." },
    { by: "maya", daysAgo: 6, body: "*Continuous Discovery Habits*, of course." },
  ] },
  { space: "news", by: "owner", daysAgo: 5, title: "Deep-dive session on the 14th: first finance hires", body: "Our guest is a CFO who built three finance teams from scratch. The recording goes out as a drop the day after.", reactions: [["oliver", "tada"], ["maya", "thumbsup"]] },
  { space: "ask", by: "hana", daysAgo: 3, title: "Moving from agency to in-house design: what changes?", body: "I have an offer from a product company. What surprised you most when you made that move?", replies: [
    { by: "sofia", daysAgo: 2, body: "You live with your decisions for years. That is the best and the hardest part." },
  ] },
  { space: "lounge", by: "amara", daysAgo: 1, title: "Should Core members host city meetups?", body: "Proposal: each Core member hosts one meetup a quarter in their city; the community covers the first round.", replies: [
    { by: "dev", daysAgo: 1, body: "Yes. London in March, I will take it." },
  ] },
];

/** The owner's drops, with members' comments and reactions on them (the drop page and insights read them). */
export const DEMO_DROPS: {
  title: string;
  body: string;
  topics: string[];
  daysAgo: number;
  comments: { by: string; daysAgo: number; body: string }[];
  reactions: [string, string][];
}[] = [
  {
    title: "Hiring playbook: the first ten engineers",
    body: "## Before you post the role\n\nWrite the first 90 days before the job ad...\n\n## The interview loop\n\nFour conversations, one take-home at most.",
    topics: ["hiring"],
    daysAgo: 35,
    comments: [
      { by: "dev", daysAgo: 34, body: "Writing the first 90 days before the ad is the step I skipped at my first startup. We hired three people into a role nobody could describe." },
      { by: "amara", daysAgo: 34, body: "Agree on one take-home at most. We dropped ours and asked for a walkthrough of something they had already built: more people accepted, and the hires were just as good." },
      { by: "kenji", daysAgo: 33, body: "How do you keep the loop to four conversations when every founder wants to meet every candidate?" },
      { by: "owner", daysAgo: 33, body: "Kenji: the founders share one slot and agree beforehand on what they are testing. If two people test the same thing, one of them is only there to sell." },
      { by: "lukas", daysAgo: 30, body: "Saving this for our Q1 plan. The onboarding checklist alone is worth it." },
      { by: "ravi", daysAgo: 28, body: "We used the scorecard for our last two hires. Interviewers disagreed less, and when they did, they could say *why*." },
    ],
    reactions: [["dev", "heart"], ["amara", "thumbsup"], ["lukas", "bulb"], ["kenji", "bulb"], ["ravi", "pray"]],
  },
  {
    title: "Pricing teardown: three SaaS price increases",
    body: "What worked, what did not, and what each company told its customers.",
    topics: ["pricing"],
    daysAgo: 21,
    comments: [
      { by: "maya", daysAgo: 20, body: "The second company's email is the best price-increase letter I have read: the reason first, the date second, what happens to existing customers third." },
      { by: "tomas", daysAgo: 20, body: "Did any of them measure churn by cohort afterwards? Overall churn hides who actually left." },
      { by: "owner", daysAgo: 19, body: "Only the first one: churn rose among monthly plans under a year old, and not at all on annual plans." },
      { by: "oliver", daysAgo: 18, body: "We raised prices last spring and lost fewer customers than our worst case. Most of those who left had not logged in for months." },
      { by: "emma", daysAgo: 17, body: "Bookmarking this for next month's board deck." },
    ],
    reactions: [["maya", "bulb"], ["tomas", "thumbsup"], ["oliver", "heart"], ["emma", "bulb"]],
  },
  {
    title: "Career moves: from IC to manager and back",
    body: "Five members on switching tracks, and what they would do differently.",
    topics: ["career"],
    daysAgo: 7,
    comments: [
      { by: "sofia", daysAgo: 6, body: "I went back to IC after two years of managing and felt like I had failed. Ravi's story helped more than I expected." },
      { by: "ravi", daysAgo: 6, body: "Thank you, Sofía. Going back was the best decision I made, and the two years of managing made me a far better staff engineer." },
      { by: "chloe", daysAgo: 5, body: "Is there a way to try management without changing titles? At our company it feels permanent." },
      { by: "dev", daysAgo: 5, body: "Chloé: ask to lead one project end to end, hiring included if you can. You learn most of the job without the title." },
      { by: "hana", daysAgo: 4, body: "The pendulum framing is useful. Sharing it with my two tech leads this week." },
      { by: "kenji", daysAgo: 3, body: "Would love a follow-up on going from manager to founder." },
      { by: "owner", daysAgo: 2, body: "Kenji: noted. It is on the list for next month." },
    ],
    reactions: [["sofia", "heart"], ["ravi", "heart"], ["chloe", "pray"], ["hana", "tada"], ["dev", "thumbsup"], ["maya", "heart"]],
  },
];
