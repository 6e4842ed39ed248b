/**
 * The owner's view of deployed processes: {@code /processes}, {@code /processes/{key}}
 * and {@code GET /api/processes/{key}/stats} (docs/operations.md, "Owner's view").
 * <p>
 * A sub-package of {@code operations} because it is a different job from the rest of it:
 * incidents act on single instances for operators, while this only reads aggregates over
 * a process's whole history, for its owner group. Apart, its many small records and
 * queries stay package-private without crowding the incident code.
 */
package io.steadyflow.operations.owner;
