-- notification-service's own tables, beside the event-sourcing kit's (rosters, projection positions).

-- The projects' titles, for subjects and digests.
create table projects (
    project_id text primary key,
    title      text not null
);

-- What notifications need of each message: to write the email and, when a deferred item finally goes out, to check
-- again that it may (deleted? still visible to the recipient?). The body is kept for emails and pushes.
create table messages (
    message_id  text primary key,
    project_id  text        not null,
    position    bigint      not null,
    author_id   text        not null,
    author_name text,
    author_role text,
    kind        text        not null,
    visibility  text        not null,
    urgent      boolean     not null,
    body        text        not null,
    posted_at   timestamptz not null,
    deleted     boolean     not null default false
);

-- How far each participant has read each project (MessagesRead).
create table read_positions (
    project_id text   not null,
    user_id    text   not null,
    up_to      bigint not null,
    primary key (project_id, user_id)
);

-- The in-app feed: one item per user and message, newest first. Always on.
create table notifications (
    id         bigserial primary key,
    user_id    text        not null,
    project_id text        not null,
    message_id text        not null references messages (message_id),
    reason     text        not null,
    urgent     boolean     not null,
    created_at timestamptz not null,
    read_at    timestamptz,
    -- the message was deleted, or the user left the project: the item is no longer shown
    withdrawn  boolean     not null default false,
    constraint notifications_once unique (user_id, message_id)
);
create index notifications_feed on notifications (user_id, id desc) where not withdrawn;
create index notifications_unread on notifications (user_id) where read_at is null and not withdrawn;

-- The delivery log: one row per user, message and channel (IN_APP, EMAIL, PUSH), with its state. EMAIL and PUSH
-- rows due and not final are the work queue, claimed with FOR UPDATE SKIP LOCKED and a lease.
create table deliveries (
    id            bigserial primary key,
    user_id       text        not null,
    project_id    text        not null,
    message_id    text        not null references messages (message_id),
    channel       text        not null,
    reason        text        not null,
    urgent        boolean     not null,
    -- PENDING, DEFERRED, RETRYING (to be sent), DELIVERED, SUPPRESSED, FAILED (final), NO_RECIPIENT (a role mention
    -- that reached nobody, logged for its author)
    state         text        not null,
    detail        text,
    -- sent with others as one email or push (batch, digest, or after DND / availability hours)
    digest        boolean     not null default false,
    due_at        timestamptz,
    attempts      integer     not null default 0,
    claimed_until timestamptz,
    created_at    timestamptz not null,
    updated_at    timestamptz not null,
    constraint deliveries_once unique (user_id, message_id, channel)
);
create index deliveries_due on deliveries (channel, due_at) where state in ('PENDING', 'DEFERRED', 'RETRYING');
create index deliveries_log on deliveries (user_id, id desc);
create index deliveries_message on deliveries (message_id) where state in ('PENDING', 'DEFERRED', 'RETRYING');

-- Preferences per user: project_id '' is the user's default, another value that project's override.
create table preferences (
    user_id       text not null,
    project_id    text not null,
    level         text,
    email_cadence text,
    primary key (user_id, project_id)
);

-- Per user: time zone (else the roster's), digest hour, Do Not Disturb, weekly availability (JSON).
create table user_settings (
    user_id      text primary key,
    time_zone    text,
    digest_hour  integer not null default 8,
    dnd_until    timestamptz,
    hours        text
);

-- Emails sent, one row per email (a digest lists several deliveries): threading and "last email sent".
create table emails_sent (
    id          bigserial primary key,
    user_id     text        not null,
    message_id_header text  not null,
    subject     text        not null,
    items       integer     not null,
    sent_at     timestamptz not null
);
create index emails_sent_user on emails_sent (user_id, sent_at desc);

-- Web Push subscriptions, one per browser.
create table push_subscriptions (
    id              uuid primary key,
    user_id         text        not null,
    endpoint        text        not null unique,
    p256dh          text        not null,
    auth            text        not null,
    created_at      timestamptz not null,
    last_success_at timestamptz,
    last_failure_at timestamptz,
    last_error      text
);
create index push_subscriptions_user on push_subscriptions (user_id);

-- Secrets the replicas share and nobody configured: the VAPID key pair (RFC 8292), the key that signs unsubscribe
-- links. Made once by whichever replica starts first.
create table service_secrets (
    name  text primary key,
    value text not null
);
