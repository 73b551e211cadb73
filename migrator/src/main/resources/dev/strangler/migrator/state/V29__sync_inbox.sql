-- Version 29: the inbox of `strangler sync --from http` (issue 17). A change event posted by Debezium Server's HTTP
-- sink (or a Kafka Connect HTTP sink) is stored here in the statement that precedes its 2xx answer, so an
-- acknowledged event survives the process; a transaction is applied from here once its END and all the events the
-- END counts are in, then its events are deleted and its END kept as applied (a late duplicate of one of its events
-- is not stored again). Applied ENDs are forgotten after a day.

CREATE TABLE strangler.sync_inbox (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text        NOT NULL,
    side        text        NOT NULL CHECK (side IN ('legacy', 'modern')),
    tx_id       text        NOT NULL,
    position    bigint      NOT NULL,
    event       jsonb       NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now()
);
-- A retried POST stores nothing new.
CREATE UNIQUE INDEX sync_inbox_event ON strangler.sync_inbox (name, side, tx_id, md5(event::text));

CREATE TABLE strangler.sync_inbox_end (
    id          bigint      GENERATED ALWAYS AS IDENTITY,
    name        text        NOT NULL,
    side        text        NOT NULL CHECK (side IN ('legacy', 'modern')),
    tx_id       text        NOT NULL,
    event_count integer     NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    applied_at  timestamptz,
    PRIMARY KEY (name, side, tx_id)
);
