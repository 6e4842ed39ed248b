package io.steadyflow.operations.owner;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.flowable.engine.repository.ProcessDefinition;

/**
 * A deployed process as its owner's view sees it: its latest version, who owns it, its
 * service level, and the ids of all its versions (figures are scoped by definition id,
 * the column Flowable's history tables carry).
 *
 * @param latest the latest version
 * @param owner the owner group ({@code sf:owner}), {@code null} when none is declared
 * @param sla the process's service level ({@code sf:sla}), {@code null} when none
 * @param versions every version of the process, newest first
 * @param names the names of the latest version's flow nodes, by id
 */
record OwnedProcess(ProcessDefinition latest, String owner, Duration sla, List<Version> versions,
		Map<String, String> names) {

	String key() {
		return this.latest.getKey();
	}

	String name() {
		return (this.latest.getName() != null) ? this.latest.getName() : this.latest.getKey();
	}

	/** The definition ids of the chosen version, or of all versions when {@code null}. */
	List<String> definitionIds(Integer version) {
		return this.versions.stream()
			.filter((v) -> version == null || v.version() == version)
			.map(Version::definitionId)
			.toList();
	}

	record Version(String definitionId, int version) {
	}

}
