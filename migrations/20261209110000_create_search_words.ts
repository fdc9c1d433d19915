import type { Knex } from 'knex';

/**
 * The words the public search's "Bedoelde u …?" suggests from (issue 22).
 *
 * `suggestSpelling` (src/db/name-search.ts) compared the typed word with every
 * word of every registered provider's name, split on the fly and without an
 * index (390–465 ms at 20,000 providers). `search_words` holds each distinct
 * word once per kind — `name` (providers' legal names, departments' names) or
 * `municipality` (head offices' and establishments' municipalities) — as
 * written (the suggestion keeps its accents: "Crèmerie"), folded as the search
 * folds (`lower(f_unaccent(word))`, with a trigram index for `<%` and
 * `like`), and how many times the source columns use it. Words are split as
 * the suggestion always split them: on white space and `,;:()/"`, words of one
 * character left out.
 *
 * Kept up to date by triggers on the source tables, in the transaction that
 * changes the names: a row inserted adds its words, a row removed takes them
 * away, a name changed does both; a word no column uses any more is removed.
 * Rows of one change are added in word order, so two transactions adding the
 * same words take their row locks in the same order.
 */
const WORD_SEPARATORS = `[\\s,;:()/"]+`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table search_words (
      kind text not null check (kind in ('name', 'municipality')),
      word text not null,
      folded text not null,
      uses integer not null check (uses > 0),
      constraint search_words_pkey primary key (kind, word)
    )`);

  await knex.raw(`
    create function search_words_of(source text) returns table (word text, uses integer)
    language sql immutable parallel safe as $$
      select word, count(*)::integer
        from regexp_split_to_table(coalesce(source, ''), '${WORD_SEPARATORS}') as word
       where length(word) > 1
       group by word
    $$`);

  await knex.raw(`
    create function search_words_change(source_kind text, removed text, added text) returns void
    language plpgsql as $$
    declare
      change record;
      current_uses integer;
    begin
      if removed is not distinct from added then
        return;
      end if;
      for change in
        select c.word, sum(c.uses)::integer as delta
          from (select r.word, -r.uses as uses from search_words_of(removed) r
                union all
                select a.word, a.uses from search_words_of(added) a) as c
         group by c.word
        having sum(c.uses) <> 0
         order by c.word
      loop
        if change.delta > 0 then
          insert into search_words as w (kind, word, folded, uses)
          values (source_kind, change.word, lower(public.f_unaccent(change.word)), change.delta)
          on conflict on constraint search_words_pkey do update set uses = w.uses + excluded.uses;
        else
          select w.uses into current_uses from search_words w
           where w.kind = source_kind and w.word = change.word
             for update;
          if current_uses + change.delta > 0 then
            update search_words w set uses = w.uses + change.delta
             where w.kind = source_kind and w.word = change.word;
          else
            delete from search_words w where w.kind = source_kind and w.word = change.word;
          end if;
        end if;
      end loop;
    end
    $$`);

  // One trigger function per source table: which columns feed which kind.
  await knex.raw(`
    create function provider_organisations_search_words() returns trigger
    language plpgsql as $$
    begin
      perform search_words_change('name',
        case when tg_op <> 'INSERT' then old.legal_name end,
        case when tg_op <> 'DELETE' then new.legal_name end);
      perform search_words_change('municipality',
        case when tg_op <> 'INSERT' then old.municipality end,
        case when tg_op <> 'DELETE' then new.municipality end);
      return null;
    end
    $$`);
  await knex.raw(`
    create function departments_search_words() returns trigger
    language plpgsql as $$
    begin
      perform search_words_change('name',
        case when tg_op <> 'INSERT' then old.name end,
        case when tg_op <> 'DELETE' then new.name end);
      return null;
    end
    $$`);
  await knex.raw(`
    create function establishments_search_words() returns trigger
    language plpgsql as $$
    begin
      perform search_words_change('municipality',
        case when tg_op <> 'INSERT' then old.municipality end,
        case when tg_op <> 'DELETE' then new.municipality end);
      return null;
    end
    $$`);
  await knex.raw(`
    create trigger provider_organisations_search_words
      after insert or delete or update of legal_name, municipality on provider_organisations
      for each row execute function provider_organisations_search_words()`);
  await knex.raw(`
    create trigger departments_search_words
      after insert or delete or update of name on departments
      for each row execute function departments_search_words()`);
  await knex.raw(`
    create trigger establishments_search_words
      after insert or delete or update of municipality on establishments
      for each row execute function establishments_search_words()`);

  // The words of the names already there.
  await knex.raw(`
    insert into search_words (kind, word, folded, uses)
    select kind, word, lower(public.f_unaccent(word)), sum(uses)::integer
      from (select 'name' as kind, w.* from provider_organisations, search_words_of(legal_name) w
            union all
            select 'name', w.* from departments, search_words_of(name) w
            union all
            select 'municipality', w.* from provider_organisations, search_words_of(municipality) w
            union all
            select 'municipality', w.* from establishments, search_words_of(municipality) w) as words
     group by kind, word`);
  await knex.raw(
    'create index search_words_folded_trgm_idx on search_words using gin (folded public.gin_trgm_ops)',
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop trigger establishments_search_words on establishments');
  await knex.raw('drop trigger departments_search_words on departments');
  await knex.raw('drop trigger provider_organisations_search_words on provider_organisations');
  await knex.raw('drop function establishments_search_words()');
  await knex.raw('drop function departments_search_words()');
  await knex.raw('drop function provider_organisations_search_words()');
  await knex.raw('drop function search_words_change(text, text, text)');
  await knex.raw('drop function search_words_of(text)');
  await knex.raw('drop table search_words');
}
