-- Pipeline Medic's sandbox role on PostgreSQL: it reads the production schemas, makes and owns one
-- dev schema per fix (dropped afterwards), and can write nothing of production. PostgreSQL
-- enforces it, not Pipeline Medic. Run once, as the database's owner or a superuser, and again
-- when production gains a schema:
--
--   psql "postgresql://admin@host/warehouse" -v ON_ERROR_STOP=1 \
--     -c "set medic.sandbox_role = 'medic_sandbox'" \
--     -c "set medic.production_owner = 'dbt_prod'" \
--     -c "set medic.production_schemas = 'raw_shop,raw_vendor,analytics'" \
--     -f tools/warehouse/postgres-sandbox-role.sql
--   psql ... -c "alter role medic_sandbox password '...'"   (then medic.runner.postgres.password)
--
-- medic.production_owner is the role production's dbt job runs as: the tables it makes later are
-- readable by the sandbox role too (default privileges), and so are the schemas it adds. Tables
-- another role (a loader) makes later in a production schema need its own default privileges:
--   alter default privileges for role <loader> in schema raw grant select on tables to medic_sandbox;
--
-- What PostgreSQL cannot narrow, and so the operator's: CREATE on the database lets the role make
-- any schema, not only its medic_… ones; and on PostgreSQL 14 and earlier every role may create
-- objects in the public schema (15 and later: only its owner). There, unless nothing relies on it:
--   revoke create on schema public from public;
do $grants$
declare
  sandbox text := current_setting('medic.sandbox_role');
  owner text := current_setting('medic.production_owner');
  production text;
begin
  if not exists (select from pg_roles where rolname = sandbox) then
    execute format(
      'create role %I login nosuperuser nocreatedb nocreaterole noinherit noreplication nobypassrls',
      sandbox);
  end if;
  -- its dev schemas: it may make schemas in this database, and owns what it makes
  execute format('grant connect, create on database %I to %I', current_database(), sandbox);
  execute format('revoke create on schema public from %I', sandbox);
  -- production: read, never written
  foreach production in array string_to_array(current_setting('medic.production_schemas'), ',')
  loop
    production := btrim(production);
    execute format('grant usage on schema %I to %I', production, sandbox);
    execute format('grant select on all tables in schema %I to %I', production, sandbox);
  end loop;
  execute format('alter default privileges for role %I grant usage on schemas to %I', owner, sandbox);
  execute format('alter default privileges for role %I grant select on tables to %I', owner, sandbox);
end
$grants$;
