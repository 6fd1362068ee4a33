-- A post's priority (NORMAL, URGENT), added to MessagePosted in contract v1.1; absent in older events means NORMAL.
alter table messages add column priority text not null default 'NORMAL';
