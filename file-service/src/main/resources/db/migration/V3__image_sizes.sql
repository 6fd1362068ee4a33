-- An image's size in pixels as shown, from its header (null for other files and for images uploaded before).
alter table files add column width integer, add column height integer;
