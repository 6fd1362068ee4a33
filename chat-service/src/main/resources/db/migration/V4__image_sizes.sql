-- An attached image's size in pixels as shown, as file-service announced it (null for other files, and for
-- files announced before FileUploaded carried it).
alter table project_files add column width integer, add column height integer;
