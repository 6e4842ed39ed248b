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

-- What every AI step said, with the instance (docs/ai.md): which model, from which input (by its
-- SHA-256, the input itself stays in the instance's variables), what it answered and how sure it was.
-- Written in the transaction of the step, so a step that fails and is retried leaves no row.
CREATE TABLE IF NOT EXISTS sf_ai_provenance (
    id                  VARCHAR(36)     NOT NULL PRIMARY KEY,
    process_instance_id VARCHAR(64)     NOT NULL,
    activity_id         VARCHAR(255)    NOT NULL,
    kind                VARCHAR(16)     NOT NULL,
    result_variable     VARCHAR(255)    NOT NULL,
    model_id            VARCHAR(255)    NOT NULL,
    model_version       VARCHAR(500),
    input_sha256        CHAR(64)        NOT NULL,
    output_json         VARCHAR(1000000) NOT NULL,
    confidence          DOUBLE PRECISION,
    duration_ms         BIGINT          NOT NULL,
    created_at          TIMESTAMP       NOT NULL
);
CREATE INDEX IF NOT EXISTS sf_ai_provenance_instance ON sf_ai_provenance (process_instance_id);
