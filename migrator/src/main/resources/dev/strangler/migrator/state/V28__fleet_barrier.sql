-- Version 28.
-- The fleet of routing instances and the notification barrier (README "Request-path migrations", "Barrier").
-- Each proxy instance keeps a row while it runs: its lease (by the database's clock) is renewed every third of
-- its length, and a row whose lease has passed no longer counts. heard_barrier is the highest barrier token the
-- instance has heard and acted on: it had applied every state change committed before the token was taken and
-- its requests of those users decided before had ended. A process that changes a user's state takes a token
-- from barrier_tokens after its commit and notifies it; it waits until no live instance has heard less.
CREATE TABLE strangler.instances (
    id            text PRIMARY KEY,
    started_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    lease_until   timestamptz NOT NULL,
    heard_barrier bigint NOT NULL DEFAULT 0
);
CREATE SEQUENCE strangler.barrier_tokens;
