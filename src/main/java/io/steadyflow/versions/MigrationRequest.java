package io.steadyflow.versions;

import java.util.Map;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/**
 * Move the running instances of one version of a process to another.
 *
 * @param from the version whose running instances move
 * @param to the version they move to
 * @param mapping step of {@code from} to step of {@code to}, for steps that do not exist
 * in {@code to} under the same id (or that should go elsewhere); every other step maps to
 * the step with its id
 * @param dryRun true: validate every instance with Flowable's migration service and
 * report, change nothing
 */
record MigrationRequest(@NotNull @Positive Integer from, @NotNull @Positive Integer to, Map<String, String> mapping,
		boolean dryRun) {

	Map<String, String> mappingOrEmpty() {
		return (this.mapping != null) ? this.mapping : Map.of();
	}

}
