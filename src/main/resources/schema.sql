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

-- How each ended instance ended (docs/operations.md): the end event it reached and that event's
-- outcome class (sf:outcome: done, rejected, cancelled, failed, escalated; "unknown" for versions
-- deployed before end events declared one; "cancelled" with no end event when an operator cancelled
-- the instance). Written in the transaction that ends the instance. The owner's figures aggregate it
-- in the database by process key and end time.
CREATE TABLE IF NOT EXISTS sf_instance_outcome (
    process_instance_id        VARCHAR(64)  NOT NULL PRIMARY KEY,
    process_definition_id      VARCHAR(255) NOT NULL,
    process_definition_key     VARCHAR(255) NOT NULL,
    process_definition_version INTEGER      NOT NULL,
    end_activity_id            VARCHAR(255),
    end_activity_name          VARCHAR(255),
    outcome                    VARCHAR(32)  NOT NULL,
    started_at                 TIMESTAMP    NOT NULL,
    ended_at                   TIMESTAMP    NOT NULL,
    duration_ms                BIGINT       NOT NULL
);
CREATE INDEX IF NOT EXISTS sf_instance_outcome_key_ended ON sf_instance_outcome (process_definition_key, ended_at);

-- Service-level breaches (sf:sla on a process or a user task): one row per instance and scope
-- ('process', or the task's id), written by the engine's timer job when the service level passed
-- while the work was still open. The unique key keeps a breach from being recorded (and its owner
-- notified) twice.
CREATE TABLE IF NOT EXISTS sf_sla_breach (
    id                         VARCHAR(36)  NOT NULL PRIMARY KEY,
    process_instance_id        VARCHAR(64)  NOT NULL,
    scope_key                  VARCHAR(64)  NOT NULL,
    task_id                    VARCHAR(64),
    process_definition_key     VARCHAR(255) NOT NULL,
    process_definition_version INTEGER      NOT NULL,
    activity_id                VARCHAR(255),
    activity_name              VARCHAR(255),
    sla                        VARCHAR(64)  NOT NULL,
    due_at                     TIMESTAMP    NOT NULL,
    breached_at                TIMESTAMP    NOT NULL,
    owner                      VARCHAR(255),
    CONSTRAINT sf_sla_breach_once UNIQUE (process_instance_id, scope_key)
);
CREATE INDEX IF NOT EXISTS sf_sla_breach_key_breached ON sf_sla_breach (process_definition_key, breached_at);

-- Deliveries from outside (docs/triggers.md): one row per webhook delivery id, broker message id or
-- message, written in the transaction that starts or resumes the instance. The primary key is what
-- keeps a repeated delivery from starting a second instance, on any node.
CREATE TABLE IF NOT EXISTS sf_trigger_delivery (
    source              VARCHAR(300) NOT NULL,
    delivery_id         VARCHAR(255) NOT NULL,
    process_instance_id VARCHAR(64),
    outcome             VARCHAR(16)  NOT NULL,
    created_at          TIMESTAMP    NOT NULL,
    PRIMARY KEY (source, delivery_id)
);

-- Executions waiting for a message, with the correlation key their event declares (sf:correlationKey),
-- evaluated when the wait began. Written and removed in the engine's transactions.
CREATE TABLE IF NOT EXISTS sf_message_wait (
    execution_id        VARCHAR(64)  NOT NULL,
    message_name        VARCHAR(255) NOT NULL,
    correlation_key     VARCHAR(255),
    process_instance_id VARCHAR(64)  NOT NULL,
    activity_id         VARCHAR(255) NOT NULL,
    created_at          TIMESTAMP    NOT NULL,
    PRIMARY KEY (execution_id, message_name)
);
CREATE INDEX IF NOT EXISTS sf_message_wait_key ON sf_message_wait (message_name, correlation_key);

-- Messages that arrived before an instance waited for them, kept until expires_at (sf:messageTtl).
CREATE TABLE IF NOT EXISTS sf_message_buffer (
    id              VARCHAR(36)      NOT NULL PRIMARY KEY,
    message_name    VARCHAR(255)     NOT NULL,
    correlation_key VARCHAR(255),
    variables_json  VARCHAR(1000000) NOT NULL,
    created_at      TIMESTAMP        NOT NULL,
    expires_at      TIMESTAMP        NOT NULL,
    delivered_to    VARCHAR(64)
);
CREATE INDEX IF NOT EXISTS sf_message_buffer_key ON sf_message_buffer (message_name, correlation_key);

-- Broker messages set aside because they could not start or resume anything (unreadable JSON, a
-- payload the mapping cannot read, no instance waiting): what operators see at
-- GET /api/queues/dead-letters. The message itself is in the queue's dead-letter queue.
CREATE TABLE IF NOT EXISTS sf_dead_letter (
    id          VARCHAR(36)   NOT NULL PRIMARY KEY,
    queue_name  VARCHAR(255)  NOT NULL,
    message_id  VARCHAR(255),
    reason      VARCHAR(2000) NOT NULL,
    body        VARCHAR(2000) NOT NULL,
    received_at TIMESTAMP     NOT NULL
);
CREATE INDEX IF NOT EXISTS sf_dead_letter_received ON sf_dead_letter (received_at);

-- Events to publish (sf:exchange steps), written in the step's transaction and deleted once the
-- broker confirmed them: a rolled-back step publishes nothing, a broker outage loses nothing.
CREATE TABLE IF NOT EXISTS sf_outbox (
    id                  VARCHAR(36)      NOT NULL PRIMARY KEY,
    exchange_name       VARCHAR(255)     NOT NULL,
    routing_key         VARCHAR(255)     NOT NULL,
    body                VARCHAR(1000000) NOT NULL,
    process_instance_id VARCHAR(64),
    created_at          TIMESTAMP        NOT NULL
);
CREATE INDEX IF NOT EXISTS sf_outbox_created ON sf_outbox (created_at);

-- Learning from corrections (docs/ai.md, "Mistakes flow back"): a misroute is work an AI step routed
-- on its own (a sure result) that people sent back as not theirs, on a sequence flow marked
-- sf:aiMisroute. Written in the transaction that takes the return path.
CREATE TABLE IF NOT EXISTS sf_ai_misroute (
    id                         VARCHAR(36)  NOT NULL PRIMARY KEY,
    process_instance_id        VARCHAR(64)  NOT NULL,
    process_definition_key     VARCHAR(255) NOT NULL,
    process_definition_version INTEGER      NOT NULL,
    activity_id                VARCHAR(255) NOT NULL,
    label                      VARCHAR(255),
    confidence                 DOUBLE PRECISION,
    labels_version             VARCHAR(255),
    returned_by                VARCHAR(255),
    returned_from              VARCHAR(255),
    reason                     VARCHAR(4000),
    returned_at                TIMESTAMP    NOT NULL
);
CREATE INDEX IF NOT EXISTS sf_ai_misroute_instance ON sf_ai_misroute (process_instance_id);
CREATE INDEX IF NOT EXISTS sf_ai_misroute_key_returned ON sf_ai_misroute (process_definition_key, returned_at);

-- Candidate examples: every human decision after a classify step of a process that allows learning
-- (sf:aiLearn="true"), with the text the step read, what it suggested and what the person said.
-- Authors accept (with the person's label or another one) or discard them; accepted ones go into the
-- next labels version. Expired ones (steadyflow.ai.learning.retention) are purged.
CREATE TABLE IF NOT EXISTS sf_ai_candidate (
    id                         VARCHAR(36)      NOT NULL PRIMARY KEY,
    process_definition_key     VARCHAR(255)     NOT NULL,
    process_instance_id        VARCHAR(64)      NOT NULL,
    activity_id                VARCHAR(255)     NOT NULL,
    labels_file                VARCHAR(255)     NOT NULL,
    labels_version             VARCHAR(255),
    text                       VARCHAR(100000)  NOT NULL,
    ai_label                   VARCHAR(255),
    ai_confidence              DOUBLE PRECISION,
    ai_sure                    BOOLEAN,
    human_label                VARCHAR(255),
    rejected_label             VARCHAR(255),
    reason                     VARCHAR(4000),
    decision                   VARCHAR(32)      NOT NULL,
    decided_in                 VARCHAR(255)     NOT NULL,
    decided_by                 VARCHAR(255),
    decided_at                 TIMESTAMP        NOT NULL,
    status                     VARCHAR(16)      NOT NULL,
    final_label                VARCHAR(255),
    reviewed_by                VARCHAR(255),
    reviewed_at                TIMESTAMP,
    published_in               INTEGER
);
CREATE INDEX IF NOT EXISTS sf_ai_candidate_key_status ON sf_ai_candidate (process_definition_key, status);
CREATE INDEX IF NOT EXISTS sf_ai_candidate_decided ON sf_ai_candidate (decided_at);

-- Labels versions made from accepted candidates and deployed through the deploy gate: the figures
-- before and after (cross-validated precision and coverage per label), and the author's reason when
-- the new version was worse and deployed all the same.
CREATE TABLE IF NOT EXISTS sf_labels_version (
    process_definition_key     VARCHAR(255)    NOT NULL,
    labels_file                VARCHAR(255)    NOT NULL,
    version                    INTEGER         NOT NULL,
    sha256                     CHAR(64)        NOT NULL,
    deployment_id              VARCHAR(64)     NOT NULL,
    process_definition_version INTEGER         NOT NULL,
    examples_added             INTEGER         NOT NULL,
    figures_json               VARCHAR(100000) NOT NULL,
    worse                      BOOLEAN         NOT NULL,
    reason                     VARCHAR(4000),
    created_by                 VARCHAR(255)    NOT NULL,
    created_at                 TIMESTAMP       NOT NULL,
    PRIMARY KEY (process_definition_key, labels_file, version)
);
