-- file-service's own tables. Its FileUploaded events go through the event-sourcing kit's event store and outbox,
-- and the roster and projection positions are the kit's too (db/event-sourcing in the kit, migrated first).

-- Files stored in object storage. The object key is derived from the file id only, never from user input.
-- thumbnail: a raster image's thumbnail, made when stored or on first request and kept at thumbnails/<file_id>:
-- null until then, its content type once made, 'none' when the image cannot be made into one.
-- width, height: an image's size in pixels as shown, from its header (null for other files).
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
    uploaded_at   timestamptz not null,
    thumbnail     text,
    width         integer,
    height        integer
);
create index files_project on files (project_id);

-- An upload whose object may be in storage but whose row is not committed yet; the sweeper
-- removes the object if the upload never commits.
create table pending_uploads (
    file_id    text primary key,
    object_key text        not null,
    started_at timestamptz not null
);

-- Which messages attach which files, with their visibility, from chat.events.v1.
create table attachments (
    project_id text    not null,
    message_id text    not null,
    file_id    text    not null,
    visibility text    not null,
    deleted    boolean not null default false,
    primary key (message_id, file_id)
);
create index attachments_file on attachments (file_id);
