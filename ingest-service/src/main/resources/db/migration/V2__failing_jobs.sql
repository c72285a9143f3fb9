-- The jobs with a failed run accepted and no passing run since: a passing run of one of them is
-- published on run.passed (once, in the transaction that deletes its row); a passing run of any
-- other job is ignored, so the healthy jobs' runs make no events.
create table failing_job (
    job_key        text primary key,
    failed_run_key text        not null,
    failed_at      timestamptz not null
);
