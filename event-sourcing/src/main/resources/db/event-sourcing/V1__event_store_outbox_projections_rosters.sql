-- The event-sourcing kit's tables. Every service built on the kit gets them in its own database, migrated by the
-- kit (history table event_sourcing_schema_history) before the service's own migrations, so a service's
-- migrations may refer to them. Unused ones stay empty (a service that publishes nothing has no events).

-- The event store. Append-only; the unique (stream_id, stream_version) gives optimistic concurrency. The envelope
-- is kept as the exact JSON bytes written once at append (read it with convert_from(envelope, 'UTF8')::jsonb); the
-- relay sends those bytes to Kafka as they are, with CloudEvents headers made from the columns beside them.
create table events (
    global_position bigserial primary key,
    stream_id       text        not null,
    stream_version  bigint      not null,
    event_id        uuid        not null unique,
    type            text        not null,
    schema_version  integer     not null,
    occurred_at     timestamptz not null,
    -- the entity within the stream an event concerns (a message, a file), to load one entity's events
    entity_id       text,
    traceparent     text,
    envelope        bytea       not null,
    constraint events_stream_version_unique unique (stream_id, stream_version)
);
create index events_entity on events (stream_id, entity_id) where entity_id is not null;

-- Transactional outbox: a row per event not yet on Kafka, written in the same transaction as the event.
create table outbox (
    global_position bigint primary key references events (global_position),
    stream_id       text not null
);

-- An idempotency key makes a retried command safe: the second append with the same key is refused as a
-- duplicate, naming the stream version of the first.
create table idempotency_keys (
    stream_id       text   not null,
    idempotency_key text   not null,
    stream_version  bigint not null,
    constraint idempotency_keys_pkey primary key (stream_id, idempotency_key)
);

-- Projections: the last applied stream version per projection and stream, written in the effect's transaction.
create table projection_positions (
    projection text   not null,
    topic      text   not null,
    stream_id  text   not null,
    version    bigint not null,
    primary key (projection, topic, stream_id)
);

-- Project rosters, from the participant events of chat.events.v1: who takes part where, with which role.
create table project_rosters (
    project_id text primary key,
    opened_at  timestamptz not null
);

create table project_participants (
    project_id   text        not null,
    user_id      text        not null,
    display_name text,
    handle       text,
    email        text,
    role         text        not null,
    time_zone    text,
    active       boolean     not null,
    joined_at    timestamptz not null,
    left_at      timestamptz,
    primary key (project_id, user_id)
);
create index project_participants_user on project_participants (user_id) where active;
create index project_participants_handle on project_participants (lower(handle));
