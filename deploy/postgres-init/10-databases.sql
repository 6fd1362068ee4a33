-- The databases beside chat (POSTGRES_DB): file-service's, search-service's (rosters, indexer positions) and
-- notification-service's (rosters, in-app feed, delivery log, preferences).
create database files;
create database search;
create database notifications;
