package io.steadyflow.operations.owner;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.steadyflow.bpmn.ServiceLevel;
import io.steadyflow.security.Caller;
import io.steadyflow.security.Roles;
import io.steadyflow.system.ProblemException;
import io.steadyflow.tools.Notifications;
import org.flowable.bpmn.model.BpmnModel;
import org.flowable.bpmn.model.FlowNode;
import org.flowable.bpmn.model.Process;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.repository.ProcessDefinition;

import org.springframework.stereotype.Service;

/**
 * Which deployed processes a caller may look at as an owner: members of the process's
 * owner group ({@code sf:owner} names a group), operators and admins. Everyone else gets
 * 403, also for processes they work on: the figures are about the whole process, not
 * about their own tasks.
 */
@Service
class OwnedProcesses {

	private final RepositoryService repositoryService;

	OwnedProcesses(RepositoryService repositoryService) {
		this.repositoryService = repositoryService;
	}

	/** The latest version of every process the caller may look at, by key. */
	List<OwnedProcess> visibleTo(Caller caller) {
		return this.repositoryService.createProcessDefinitionQuery()
			.latestVersion()
			.orderByProcessDefinitionKey()
			.asc()
			.list()
			.stream()
			.map(this::owned)
			.filter((process) -> mayLookAt(caller, process))
			.toList();
	}

	/**
	 * @throws ProblemException 404 for an unknown key, 403 when the caller is not of the
	 * owner group, an operator or an admin
	 */
	OwnedProcess find(String key, Caller caller) {
		ProcessDefinition latest = this.repositoryService.createProcessDefinitionQuery()
			.processDefinitionKey(key)
			.latestVersion()
			.singleResult();
		if (latest == null) {
			throw ProblemException.notFound("No process '" + key + "' is deployed.");
		}
		OwnedProcess process = owned(latest);
		if (!mayLookAt(caller, process)) {
			throw ProblemException.forbidden("The figures of '" + process.name() + "' are for its owner ("
					+ ((process.owner() != null) ? "group " + process.owner() : "none declared")
					+ "), operators and admins.");
		}
		return process;
	}

	/**
	 * @throws ProblemException 400 naming the parameter when the version does not exist
	 */
	static void checkVersion(OwnedProcess process, Integer version) {
		if (version != null && process.definitionIds(version).isEmpty()) {
			throw ProblemException
				.badRequest("version " + version + " of '" + process.key() + "' does not exist; it has versions 1 to "
						+ process.latest().getVersion())
				.with("parameter", "version");
		}
	}

	/** The BPMN XML of a definition, as it was deployed. */
	String xml(String definitionId) {
		ProcessDefinition definition = this.repositoryService.getProcessDefinition(definitionId);
		try (java.io.InputStream in = this.repositoryService.getResourceAsStream(definition.getDeploymentId(),
				definition.getResourceName())) {
			return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	static boolean mayLookAt(Caller caller, OwnedProcess process) {
		return caller.isAdmin() || caller.hasRole(Roles.OPERATOR)
				|| (process.owner() != null && caller.groups().contains(process.owner()));
	}

	private OwnedProcess owned(ProcessDefinition latest) {
		BpmnModel model = this.repositoryService.getBpmnModel(latest.getId());
		Process process = model.getProcessById(latest.getKey());
		List<OwnedProcess.Version> versions = this.repositoryService.createProcessDefinitionQuery()
			.processDefinitionKey(latest.getKey())
			.orderByProcessDefinitionVersion()
			.desc()
			.list()
			.stream()
			.map((definition) -> new OwnedProcess.Version(definition.getId(), definition.getVersion()))
			.toList();
		Map<String, String> names = new HashMap<>();
		if (process != null) {
			for (FlowNode node : process.findFlowElementsOfType(FlowNode.class, true)) {
				if (node.getName() != null) {
					names.put(node.getId(), node.getName());
				}
			}
		}
		return new OwnedProcess(latest, Notifications.ownerOf(process), sla(process), versions, Map.copyOf(names));
	}

	private static Duration sla(Process process) {
		if (process == null) {
			return null;
		}
		try {
			return ServiceLevel.of(process).orElse(null);
		}
		catch (IllegalArgumentException ex) {
			// the readiness rule service-level reports it; the figures just have no SLA
			return null;
		}
	}

}
