-- The incidents of a failing job's failed runs since it last passed: its pass names them, so that
-- publisher-service resolves them even when it reads the pass before a failure.
alter table failing_job add column incident_ids text not null default '';
