-- Files stored in object storage. The object key is derived from the file id only, never from user input.
create table files (
    file_id       text primary key,
    project_id    text        not null,
    uploader_id   text        not null,
    uploader_name text,
    name          text        not null,
    size          bigint      not null,
    content_type  text        not null,
    sha256        text        not null,
    object_key    text        not null,
    uploaded_at   timestamptz not null
);
create index files_project on files (project_id);

-- An upload whose object may be in storage but whose row is not committed yet; the sweeper
-- removes the object if the upload never commits.
create table pending_uploads (
    file_id    text primary key,
    object_key text        not null,
    started_at timestamptz not null
);

-- File events per project stream, published through the outbox.
create table file_streams (
    project_id text primary key,
    version    bigint not null
);

create table outbox (
    position       bigserial primary key,
    stream_id      text   not null,
    stream_version bigint not null,
    envelope       text   not null
);

-- Who may download what, from chat.events.v1: the roster and the messages that attach files.
create table projection_positions (
    stream_id text primary key,
    version   bigint not null
);

create table participants (
    project_id text    not null,
    user_id    text    not null,
    role       text    not null,
    active     boolean not null,
    primary key (project_id, user_id)
);

create table attachments (
    project_id text    not null,
    message_id text    not null,
    file_id    text    not null,
    visibility text    not null,
    deleted    boolean not null default false,
    primary key (message_id, file_id)
);
create index attachments_file on attachments (file_id);
