-- Files uploaded to each project, from file.events.v1: a message may attach only these. An image's size in pixels
-- as shown, as file-service announced it (null for other files).
create table project_files (
    file_id      text primary key,
    project_id   text        not null,
    uploader_id  text        not null,
    name         text        not null,
    content_type text        not null,
    size         bigint      not null,
    uploaded_at  timestamptz not null,
    width        integer,
    height       integer
);
create index project_files_project on project_files (project_id);
