-- The incident's life after its outcome: the job it failed in and the passing run that resolved
-- it, the review of its fix (merged with a commit, or closed by someone); and FAILED, which a dead
-- letter sets in place of STOPPED, keeping the stage reached so that a redriven incident goes on
-- from there.
alter table incident add column job_key text;
alter table incident add column failed_stage text;
alter table incident add column resolved_at timestamptz;
alter table incident add column resolved_by_run text;
alter table incident add column fixed_at timestamptz;
alter table incident add column fix_commit text;
alter table incident add column dismissed_at timestamptz;
alter table incident add column reviewed_by text;

update incident set status = 'FAILED', failed_stage = 'RECEIVED' where status = 'STOPPED';

create index incident_open_job on incident (job_key) where resolved_at is null;

-- Dead letters sent back to their topic: each once, whoever asks again.
create table redriven (
    dead_letter  text primary key,
    incident_id  text,
    redriven_at  timestamptz not null
);
