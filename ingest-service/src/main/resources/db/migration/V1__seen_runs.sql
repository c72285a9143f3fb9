-- Runs ingest-service has accepted: one row per run (source + account + run id), whatever the
-- number of deliveries, so that a run is published once across retries and restarts.
create table seen_run (
    run_key           text primary key,
    incident_id       text        not null unique,
    source            text        not null,
    first_delivery_id text,
    deliveries        integer     not null,
    first_seen_at     timestamptz not null,
    last_seen_at      timestamptz not null
);
