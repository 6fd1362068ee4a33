-- chat-service's own tables. The event store, outbox, idempotency keys, projection positions and the project
-- rosters are the event-sourcing kit's (db/event-sourcing in the kit, migrated first).

-- Read side: the message store, built from chat.events.v1. Rebuildable by replay into shadow tables.
create table projects (
    project_id    text primary key,
    title         text        not null,
    opened_at     timestamptz not null,
    last_position bigint      not null default 0
);

create table messages (
    message_id        text primary key,
    project_id        text        not null,
    position          bigint      not null,
    client_message_id text,
    author_id         text        not null,
    author_name       text,
    author_role       text        not null,
    kind              text        not null,
    visibility        text        not null,
    body              text        not null,
    revision          int         not null default 1,
    attachments       jsonb       not null default '[]',
    mentions          jsonb       not null default '[]',
    escalation        jsonb,
    posted_at         timestamptz not null,
    edited_at         timestamptz,
    deleted           boolean     not null default false,
    deleted_at        timestamptz,
    deleted_by        text,
    constraint messages_position_unique unique (project_id, position)
);

create table message_revisions (
    message_id text        not null,
    revision   int         not null,
    body       text        not null,
    edited_at  timestamptz not null,
    editor_id  text        not null,
    primary key (message_id, revision)
);

create table read_cursors (
    project_id     text   not null,
    user_id        text   not null,
    up_to_position bigint not null,
    primary key (project_id, user_id)
);

-- What live streams deliver, in the order the projection applied it; seq is the SSE event id.
create table feed (
    seq            bigserial primary key,
    project_id     text   not null,
    stream_version bigint not null,
    type           text   not null,
    visibility     text,
    item           text   not null, -- the JSON sent as the SSE data, as it is sent
    constraint feed_stream_version_unique unique (project_id, stream_version)
);
