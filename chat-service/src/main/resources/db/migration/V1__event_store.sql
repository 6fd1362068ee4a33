-- Write side: the event store. Append-only; (stream_id, stream_version) unique gives optimistic concurrency.
create table events (
    global_position bigserial primary key,
    stream_id       text        not null,
    stream_version  bigint      not null,
    event_id        uuid        not null unique,
    type            text        not null,
    occurred_at     timestamptz not null,
    message_id      text,
    envelope        jsonb       not null,
    constraint events_stream_version_unique unique (stream_id, stream_version)
);
create index events_message on events (stream_id, message_id) where message_id is not null;

-- Transactional outbox: a row per event not yet on Kafka, written in the same transaction as the event.
create table outbox (
    global_position bigint primary key references events (global_position),
    stream_id       text not null
);

-- A client-chosen message id makes a retried post idempotent.
create table posted_client_ids (
    stream_id         text   not null,
    author_id         text   not null,
    client_message_id text   not null,
    message_id        text   not null,
    position          bigint not null,
    primary key (stream_id, author_id, client_message_id)
);
