-- The KB mirror: entries with their history, the outbox to kb.entries, sync cursors, problems.

create table kb_entry (
    id                text primary key,
    source            text        not null,
    version           integer     not null,
    deleted           boolean     not null,
    content_hash      text        not null,
    document          text        not null,  -- the entry as published (JSON)
    changed_at        timestamptz not null
);
create index kb_entry_source on kb_entry (source);

create table kb_entry_version (
    entry_id          text        not null references kb_entry (id),
    version           integer     not null,
    deleted           boolean     not null,
    document          text,                  -- null when this version deleted the entry
    recorded_at       timestamptz not null,
    primary key (entry_id, version)
);

-- written in the transaction that changes kb_entry; published to kb.entries in id order
create table kb_outbox (
    id                bigserial primary key,
    entry_id          text        not null,
    event_id          uuid        not null unique,
    payload           text,                  -- the kb.entries event (JSON); null is a tombstone
    created_at        timestamptz not null,
    published_at      timestamptz
);
create index kb_outbox_pending on kb_outbox (id) where published_at is null;

create table kb_sync_cursor (
    source            text primary key,
    position          text,                  -- last edit time seen (Notion) or commit id (git)
    last_full_sync_at timestamptz,
    updated_at        timestamptz not null
);

-- entries that exist at their source but cannot be published as written
create table kb_problem (
    entry_id          text primary key,
    source            text        not null,
    source_ref        text,
    problems          text        not null,  -- one per line
    detected_at       timestamptz not null
);
