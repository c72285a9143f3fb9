-- The incident record: one row per incident, and its timeline across every pipeline topic.
create table incident (
    incident_id   text primary key,
    job_name      text,
    run_id        text,
    status        text        not null,
    failure_class text,
    action        text,
    owner         text,
    received_at   timestamptz not null,
    published_at  timestamptz,
    updated_at    timestamptz not null
);

create index incident_received on incident (received_at desc);

-- Every event seen, once: the event id is the processed-event key, written in the same
-- transaction as the incident's change.
create table timeline_entry (
    event_id     text primary key,
    incident_id  text        not null references incident (incident_id),
    topic        text        not null,
    producer     text        not null,
    occurred_at  timestamptz not null,
    recorded_at  timestamptz not null,
    summary      text        not null,
    event        text        not null
);

create index timeline_entry_incident on timeline_entry (incident_id, occurred_at);
