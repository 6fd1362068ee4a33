-- The relay's read of the oldest outbox rows (joined with their events, at most a batch) was planned as a parallel
-- query: the outbox's deleted rows, until vacuum takes them (22,000-47,600 beside ~3,000 live ones in ./bench.sh
-- chat), make it look large, so each read launched two parallel workers and took 8.8-11.6 ms, of which the scan in
-- the workers was 0.1-0.3 ms (EXPLAIN ANALYZE). The outbox holds only what is on its way to Kafka: it is never worth
-- a parallel scan.
alter table outbox set (parallel_workers = 0);
