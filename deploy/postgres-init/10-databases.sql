-- The databases beside chat (POSTGRES_DB): file-service's, and search-service's (rosters, indexer positions).
create database files;
create database search;
