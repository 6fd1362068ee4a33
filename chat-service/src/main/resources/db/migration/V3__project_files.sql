-- Files uploaded to each project, from file.events.v1: a message may attach only these.
create table project_files (
    file_id      text primary key,
    project_id   text        not null,
    uploader_id  text        not null,
    name         text        not null,
    content_type text        not null,
    size         bigint      not null,
    uploaded_at  timestamptz not null
);
create index project_files_project on project_files (project_id);
