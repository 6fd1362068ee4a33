-- The databases beside chat (POSTGRES_DB): file-service's, search-service's (rosters, indexer positions) and
-- notification-service's (rosters, in-app feed, delivery log, preferences) and escalation-service's (case events,
-- the dashboard's read model, timers).
create database files;
create database search;
create database notifications;
create database escalations;
