-- The compose stack keeps both systems' databases in one PostgreSQL server: the legacy Northwind database
-- (loaded by the legacy app on first start) and the modern one (its schema created by the modern app; Strangler's
-- own state schema, `strangler`, is created there by the proxy at start-up).
CREATE DATABASE northwind;
CREATE DATABASE modern;
