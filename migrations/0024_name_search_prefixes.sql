-- The directory's name search reads one facet row per prefix of each word of a display name
-- (src/profiles/answers.ts, namePrefixes), so a search word is an equality on the facet index.
-- Profiles saved before this have one row per whole word: add each word's shorter prefixes,
-- labelled with the word. Later saves rewrite a profile's rows in full.
WITH RECURSIVE p(community_id, word, email, sort_key, public_id, n) AS (
  SELECT community_id, value_key, email, sort_key, public_id, length(value_key) - 1 FROM profile_facets WHERE question_id = 'name' AND length(value_key) > 1
  UNION ALL
  SELECT community_id, word, email, sort_key, public_id, n - 1 FROM p WHERE n > 1
)
INSERT OR IGNORE INTO profile_facets (community_id, question_id, value_key, email, label, sort_key, public_id)
SELECT community_id, 'name', substr(word, 1, n), email, word, sort_key, public_id FROM p;
