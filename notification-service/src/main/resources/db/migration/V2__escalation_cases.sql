-- What notices of escalation.events.v1 need of each case: who raised it and who may see the post it came from.
create table escalation_cases (
    case_id           text primary key,
    project_id        text not null,
    reason            text not null,
    raised_by         text,
    source_visibility text not null
);
