-- When each user last asked for a test notification: the throttle every instance of the service shares.
create table test_notifications (
    user_id text primary key,
    sent_at timestamptz not null
);
