-- A raster image's thumbnail, made on its first request and kept at thumbnails/<file_id>:
-- null until then, its content type once made, 'none' when the image cannot be made into one.
alter table files add column thumbnail text;
