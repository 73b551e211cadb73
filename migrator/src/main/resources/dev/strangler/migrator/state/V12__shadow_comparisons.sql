-- Version 12: shadow comparison results (SPEC 10), written by every proxy instance, read by GET /admin/shadow and
-- strangler shadow report. Counts are per route and per minute (each instance adds its own); the fields that
-- differed are counted the same way, as mismatches or as noise (fields that differ between two legacy answers to
-- the same request); the newest mismatches of each route are kept with both answers' relevant parts, bounded in
-- size by the writer. Everything older than the configured retention is deleted by the writers.

CREATE TABLE strangler.shadow_count (
    route   text        NOT NULL,
    minute  timestamptz NOT NULL,
    result  text        NOT NULL CHECK (result IN ('match', 'mismatch', 'error', 'skipped')),
    count   bigint      NOT NULL CHECK (count >= 0),
    PRIMARY KEY (route, minute, result)
);

CREATE TABLE strangler.shadow_field (
    route   text        NOT NULL,
    minute  timestamptz NOT NULL,
    kind    text        NOT NULL CHECK (kind IN ('mismatch', 'noise')),
    field   text        NOT NULL,
    count   bigint      NOT NULL CHECK (count >= 0),
    PRIMARY KEY (route, minute, kind, field)
);

CREATE TABLE strangler.shadow_mismatch (
    id        bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    route     text        NOT NULL,
    at        timestamptz NOT NULL,
    user_key  text,
    method    text        NOT NULL,
    uri       text        NOT NULL,
    fields    jsonb       NOT NULL,
    primary_side jsonb    NOT NULL,
    shadow_side  jsonb    NOT NULL
);

CREATE INDEX shadow_mismatch_by_route ON strangler.shadow_mismatch (route, id DESC);
CREATE INDEX shadow_mismatch_by_time ON strangler.shadow_mismatch (at);
CREATE INDEX shadow_count_by_time ON strangler.shadow_count (minute);
CREATE INDEX shadow_field_by_time ON strangler.shadow_field (minute);
