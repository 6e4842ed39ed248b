-- Steadyflow's own tables (Flowable creates and upgrades its own). Portable across H2 and PostgreSQL.

-- One row per (process key, business key): the database, not a check-then-act in Java, guarantees
-- that the same business key never starts a second instance of the same process, even when two
-- requests race on two nodes.
CREATE TABLE IF NOT EXISTS sf_business_key (
    process_definition_key VARCHAR(255) NOT NULL,
    business_key           VARCHAR(255) NOT NULL,
    process_instance_id    VARCHAR(64),
    created_at             TIMESTAMP    NOT NULL,
    PRIMARY KEY (process_definition_key, business_key)
);
