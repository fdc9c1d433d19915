import type { Knex } from 'knex';

/**
 * The number of projects per provider, department and application year,
 * kept exact by triggers in the same transaction as the projects themselves
 * (issue 22). The providers' overview without a filter (its default view,
 * and all years) takes its count from here: a few rows instead of reading
 * every index entry of a large provider's two years (24,144 of them for the
 * benchmark's big provider) on every page.
 *
 * - An insert adds its rows per key in one statement (a statement trigger
 *   with the inserted rows as a table, so a bulk insert costs one upsert per
 *   key, not one per row); a delete takes them off the same way.
 * - An update touches the counts only when it moves a project to another
 *   provider, department or year (a row trigger with a WHEN, so a change of
 *   status or of the verified mark costs nothing here).
 * - A submit already waits on the year's project-number counter before its
 *   insert, so the count row it then locks adds no wait of its own.
 * - A department that no project names any more may be removed (departments'
 *   inUse): its rows, at zero, go with it (on delete cascade).
 * - TRUNCATE is not counted: projects are never truncated (the bench's data
 *   generator fills the table with triggers off and fills this table itself).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table project_counts (
      provider_id integer not null references provider_organisations (id) on delete cascade,
      department_id integer references departments (id) on delete cascade,
      application_year smallint not null,
      projects integer not null check (projects >= 0),
      constraint project_counts_key unique nulls not distinct (provider_id, department_id, application_year)
    )`);
  await knex.raw(`
    insert into project_counts (provider_id, department_id, application_year, projects)
      select provider_id, department_id, extract(year from application_date)::smallint, count(*)
        from projects group by 1, 2, 3`);

  await knex.raw(`
    create function project_counts_add() returns trigger
      language plpgsql as $$
      begin
        insert into project_counts as pc (provider_id, department_id, application_year, projects)
          select provider_id, department_id, extract(year from application_date)::smallint, count(*)
            from inserted group by 1, 2, 3
          on conflict on constraint project_counts_key
          do update set projects = pc.projects + excluded.projects;
        return null;
      end $$`);
  await knex.raw(`
    create trigger projects_counted_on_insert
      after insert on projects referencing new table as inserted
      for each statement execute function project_counts_add()`);

  // Taken off by an UPDATE, not by the insert's upsert with a negative count:
  // PostgreSQL checks the CHECK (projects >= 0) on the row an upsert proposes,
  // before it meets the conflict, so a −1 would be refused.
  await knex.raw(`
    create function project_counts_remove() returns trigger
      language plpgsql as $$
      begin
        update project_counts pc set projects = pc.projects - gone.projects
          from (select provider_id, department_id, extract(year from application_date)::smallint as application_year,
                       count(*) as projects
                  from deleted group by 1, 2, 3) gone
         where pc.provider_id = gone.provider_id
           and pc.department_id is not distinct from gone.department_id
           and pc.application_year = gone.application_year;
        return null;
      end $$`);
  await knex.raw(`
    create trigger projects_counted_on_delete
      after delete on projects referencing old table as deleted
      for each statement execute function project_counts_remove()`);

  await knex.raw(`
    create function project_counts_move() returns trigger
      language plpgsql as $$
      begin
        update project_counts set projects = projects - 1
         where provider_id = old.provider_id
           and department_id is not distinct from old.department_id
           and application_year = extract(year from old.application_date);
        insert into project_counts as pc (provider_id, department_id, application_year, projects)
          values (new.provider_id, new.department_id, extract(year from new.application_date), 1)
          on conflict on constraint project_counts_key do update set projects = pc.projects + 1;
        return null;
      end $$`);
  await knex.raw(`
    create trigger projects_counted_on_move
      after update of provider_id, department_id, application_date on projects
      for each row
      when (old.provider_id is distinct from new.provider_id
            or old.department_id is distinct from new.department_id
            or extract(year from old.application_date) is distinct from extract(year from new.application_date))
      execute function project_counts_move()`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop trigger projects_counted_on_move on projects');
  await knex.raw('drop function project_counts_move()');
  await knex.raw('drop trigger projects_counted_on_delete on projects');
  await knex.raw('drop function project_counts_remove()');
  await knex.raw('drop trigger projects_counted_on_insert on projects');
  await knex.raw('drop function project_counts_add()');
  await knex.raw('drop table project_counts');
}
