-- The dashboard's read model, written in the same transaction as the case events (the kit's event store holds the
-- events themselves), and the durable timers.

create table cases (
    case_id           text primary key,
    project_id        text        not null,
    trigger           text        not null,
    reason            text        not null,
    resolution_sought text,
    raised_by         text,
    raised_by_name    text,
    source_message_id text,
    source_visibility text        not null,
    deadline_id       text,
    status            text        not null,
    owner             text,
    owner_name        text,
    opened_at         timestamptz not null,
    acknowledged_at   timestamptz,
    resolved_at       timestamptz,
    outcome           text,
    summary           text,
    reopened          integer     not null default 0,
    updated_at        timestamptz not null
);
create index cases_open on cases (opened_at desc, case_id desc) where status <> 'RESOLVED';
create index cases_by_project on cases (project_id, opened_at desc);
create index cases_opened on cases (opened_at desc, case_id desc);

create table case_notes (
    note_id     text primary key,
    case_id     text        not null references cases,
    author      text        not null,
    author_name text,
    body        text        not null,
    added_at    timestamptz not null
);
create index case_notes_by_case on case_notes (case_id, added_at);

-- every deadline, pending or not, so each can be shown
create table deadlines (
    deadline_id      text primary key,
    project_id       text        not null,
    kind             text        not null,
    message_id       text,
    responsible_role text        not null,
    started_at       timestamptz not null,
    warn_at          timestamptz not null,
    due_at           timestamptz not null,
    state            text        not null, -- PENDING, WARNED, MET, BREACHED
    answered_at      timestamptz,
    answered_by      text,
    breached_at      timestamptz
);
create index deadlines_pending on deadlines (due_at) where state in ('PENDING', 'WARNED');
create index deadlines_breached on deadlines (breached_at) where state = 'BREACHED';
create index deadlines_by_project on deadlines (project_id, due_at);

-- durable timers: a deadline's next firing (its warning, then its due time) or a participant's cadence check;
-- claimed with FOR UPDATE SKIP LOCKED and a lease, so each fires once across replicas and late but once after a crash
create table timers (
    timer_key   text primary key,
    project_id  text        not null,
    kind        text        not null, -- DEADLINE, CADENCE
    fire_at     timestamptz not null,
    lease_until timestamptz
);
create index timers_due on timers (fire_at);

-- what the cadence checks need of each expert
create table cadence (
    project_id       text        not null,
    user_id          text        not null,
    since            timestamptz not null,
    last_progress_at timestamptz,
    last_weekly_at   timestamptz,
    last_weekly_reminder_at timestamptz,
    primary key (project_id, user_id)
);

create table project_sla (
    project_id text primary key,
    settings   jsonb       not null,
    updated_at timestamptz not null
);

-- changes for the dashboard's live stream (Server-Sent Events), announced with NOTIFY escalation_live
create table live_changes (
    seq        bigserial primary key,
    project_id text        not null,
    type       text        not null,
    data       text        not null,
    at         timestamptz not null default now()
);
