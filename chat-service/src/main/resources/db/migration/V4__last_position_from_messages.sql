-- A project's last position is read from the messages' (project_id, position) index when it is asked for (the unread
-- view), instead of being kept in projects by an update of each project's row in every batch of posts that touches it.
alter table projects drop column last_position;
