-- What reached people: one row per outcome (its event id; for a verified fix, its commit) and
-- channel (github, slack, slack-owner, jira, email, published). Written after the delivery
-- succeeded or was given up, so a redelivered outcome delivers only what is missing.
create table publication (
    outcome_key  text        not null,
    channel      text        not null,
    incident_id  text        not null references incident (incident_id),
    group_id     text,
    root_cause   text,
    status       text        not null,
    link         text,
    detail       text,
    recorded_at  timestamptz not null,
    primary key (outcome_key, channel)
);

create index publication_incident on publication (incident_id, recorded_at);
create index publication_root_cause on publication (root_cause, channel, recorded_at);

-- The incident's Slack message, parent of its thread.
alter table incident add column slack_channel text;
alter table incident add column slack_ts text;
