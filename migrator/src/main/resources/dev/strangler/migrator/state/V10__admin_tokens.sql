-- Version 10 (numbered apart from the versions parallel branches add): named, scoped admin tokens added at runtime
-- (SPEC 12). Only the SHA-256 of a token is stored; the token itself is shown once, to whoever created it. A
-- revoked token's row is deleted; the audit keeps who added and revoked which name, and is append-only.

CREATE TABLE strangler.admin_token (
    name        text        PRIMARY KEY CHECK (name ~ '^[a-z0-9][a-z0-9._-]{0,63}$'),
    scope       text        NOT NULL CHECK (scope IN ('read', 'operate', 'admin')),
    sha256      bytea       NOT NULL UNIQUE CHECK (length(sha256) = 32),
    created_by  text        NOT NULL,
    created_at  timestamptz NOT NULL
);

CREATE TABLE strangler.admin_token_audit (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text        NOT NULL,
    action      text        NOT NULL CHECK (action IN ('add', 'revoke')),
    scope       text        NOT NULL,
    changed_by  text        NOT NULL,
    changed_at  timestamptz NOT NULL
);

CREATE TRIGGER admin_token_audit_is_append_only BEFORE UPDATE OR DELETE ON strangler.admin_token_audit
    FOR EACH ROW EXECUTE FUNCTION strangler.refuse_audit_change();
CREATE TRIGGER admin_token_audit_is_not_truncated BEFORE TRUNCATE ON strangler.admin_token_audit
    FOR EACH STATEMENT EXECUTE FUNCTION strangler.refuse_audit_change();

-- Channel strangler_control, payload "tokens": every instance re-reads the tokens, so one added or revoked through
-- any instance or the command line works, or stops working, everywhere without a restart.
CREATE FUNCTION strangler.notify_token_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('strangler_control', 'tokens');
    RETURN NULL;
END
$$;

CREATE TRIGGER admin_token_changed AFTER INSERT OR UPDATE OR DELETE ON strangler.admin_token
    FOR EACH STATEMENT EXECUTE FUNCTION strangler.notify_token_change();
