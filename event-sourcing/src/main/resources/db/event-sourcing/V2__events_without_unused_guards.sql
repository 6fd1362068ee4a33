-- Two checks every append paid for and nothing needed:
-- * events.event_id's unique index: no query looks an event up by its id (consumers dedupe by stream and version, which
--   events_stream_version_unique guards), and event ids are UUIDv7 minted once per event;
-- * outbox's foreign key to events: the outbox row is written by the same statement that inserts its event, and the
--   relay joins them; the check ran a lookup per row and locked the new event row (a WAL record per event).
-- Measured with ./bench.sh chat --threads (issue 18's note): WAL records and execution time per post.
alter table events drop constraint events_event_id_key;
alter table outbox drop constraint outbox_global_position_fkey;
