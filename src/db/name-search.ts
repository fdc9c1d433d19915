import type { Knex } from 'knex';

/**
 * The one way names are searched: folded in SQL (accents removed, then lower
 * case: the database's locale is C, where `lower()` and `ilike` leave "É"
 * alone) and compared by trigrams, so a typo still finds the name. The
 * indexes on the folded names are in migration 20261208080000.
 *
 * Everything here builds SQL fragments for knex's `whereRaw`/`select`; the
 * search text is always a bound value.
 */

/** Word similarity (0…1) from which a name counts as "looks like" the search text. */
export const SIMILARITY_THRESHOLD = 0.5;

const fold = (sql: string) => `lower(f_unaccent(${sql}))`;

/** `text` with its own `%`, `_` and `\` escaped for a `like` pattern. */
const likeEscaped = (text: string) => text.replace(/[\\%_]/g, (character) => `\\${character}`);

/** A `like`/`ilike` pattern that finds `text` anywhere, its own `%`, `_` and `\` taken literally. */
export function containsPattern(text: string): string {
  return `%${likeEscaped(text)}%`;
}

/** A `like`/`ilike` pattern that finds what starts with `text`, taken literally. */
export function prefixPattern(text: string): string {
  return `${likeEscaped(text)}%`;
}

/** SQL: the column, folded. */
export function foldedColumn(db: Knex, column: string): Knex.Raw {
  return db.raw(fold('??'), [column]);
}

/** SQL condition: the folded column contains the folded text. */
export function foldedContains(db: Knex, column: string, text: string): Knex.Raw {
  return db.raw(`${fold('??')} like ${fold('?')} escape '\\'`, [column, containsPattern(text)]);
}

/**
 * SQL condition: a column that holds a name already folded (as foldedColumn
 * writes it, e.g. `projects.company_name_folded`) contains the folded text.
 */
export function alreadyFoldedContains(db: Knex, foldedColumnName: string, text: string): Knex.Raw {
  return db.raw(`?? like ${fold('?')} escape '\\'`, [foldedColumnName, containsPattern(text)]);
}

/**
 * SQL condition: the folded text looks like a word run in the folded column
 * (`<%`, word similarity at least SIMILARITY_THRESHOLD; only inside
 * withSimilarityThreshold, which sets it).
 */
export function foldedResembles(db: Knex, column: string, text: string): Knex.Raw {
  return db.raw(`${fold('?')} <% ${fold('??')}`, [text, column]);
}

/** SQL: how much the folded column looks like the folded text (0…1), for ranking. */
export function foldedSimilarity(db: Knex, column: string, text: string): Knex.Raw {
  return db.raw(`word_similarity(${fold('?')}, ${fold('??')})`, [text, column]);
}

/**
 * Runs the queries in one transaction with pg_trgm's word similarity
 * threshold (for `<%`) set to SIMILARITY_THRESHOLD for that transaction only
 * (the pool's connections keep the server's default, 0.6).
 */
export async function withSimilarityThreshold<T>(
  db: Knex,
  queries: (trx: Knex.Transaction) => Promise<T>,
): Promise<T> {
  return db.transaction(async (trx) => {
    await trx.raw(`select set_config('pg_trgm.word_similarity_threshold', ?, true)`, [
      String(SIMILARITY_THRESHOLD),
    ]);
    return queries(trx);
  });
}

/** Which words of `search_words` a suggestion comes from (migration 20261209110000). */
export type SearchWordKind = 'name' | 'municipality';

/** How names are split into words, for `search_words` and here alike. */
const WORD_SEPARATORS = `[\\s,;:()/"]+`;

/**
 * For each word of the search text, the known word that looks most like it,
 * or the typed word itself when it is part of a known word once folded, or no
 * known word is similar enough. Returns the corrected text, or undefined when
 * nothing changed. Run inside withSimilarityThreshold.
 *
 * The known words are those of `search_words` of `kind` (kept up to date with
 * the names by triggers) that occur in `vocabulary`, a query selecting one
 * text column `name`: the names of the providers the other criteria leave.
 * The table's trigram index finds the candidates; only those are looked up
 * among the names, the best first, so the names are not split word by word.
 */
export async function suggestSpelling(
  trx: Knex.Transaction,
  kind: SearchWordKind,
  vocabulary: Knex.QueryBuilder,
  text: string,
): Promise<string | undefined> {
  const typed = text.split(/\s+/).filter(Boolean);
  if (typed.length === 0) return undefined;
  // A known word is one a name of the vocabulary has as a whole word (strpos first: cheap).
  const inVocabulary = `exists (select 1 from names n
                                  where strpos(n.name, w.word) > 0
                                    and w.word = any(regexp_split_to_array(n.name, '${WORD_SEPARATORS}')))`;
  const { rows } = await trx.raw<{ rows: { word: string; changed: boolean }[] }>(
    `with names as materialized (?)
     select case when known.part then q.word else coalesce(best.word, q.word) end as word,
            not known.part and coalesce(${fold('best.word')} <> ${fold('q.word')}, false) as changed
       from unnest(?::text[], ?::text[]) with ordinality as q(word, pattern, position)
       cross join lateral (
         select exists (
           select 1 from search_words w
            where w.kind = ? and w.folded like ${fold('q.pattern')} escape '\\' and ${inVocabulary}
         ) as part
       ) known
       left join lateral (
         select w.word
           from search_words w
          where w.kind = ? and ${fold('q.word')} <% w.folded and ${inVocabulary}
          order by similarity(w.folded, ${fold('q.word')}) desc, w.word
          limit 1
       ) best on true
      order by q.position`,
    [vocabulary, typed, typed.map(containsPattern), kind, kind],
  );
  return rows.some((row) => row.changed) ? rows.map((row) => row.word).join(' ') : undefined;
}
