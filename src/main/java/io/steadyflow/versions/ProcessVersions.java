package io.steadyflow.versions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import io.steadyflow.bpmn.BpmnSource;
import io.steadyflow.bpmn.InvalidBpmnException;
import io.steadyflow.bpmn.SafeBpmnReader;
import io.steadyflow.security.Caller;
import io.steadyflow.security.Roles;
import io.steadyflow.system.ProblemException;
import io.steadyflow.tools.Notifications;
import io.steadyflow.versions.ProcessDiff.Side;
import org.flowable.bpmn.model.BpmnModel;
import org.flowable.bpmn.model.Process;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.repository.ProcessDefinition;

import org.springframework.stereotype.Service;

/**
 * The deployed versions of a process and the diff between two of them, or between a
 * deployed version and a file that is not deployed yet. Who may look: the process's owner
 * group ({@code sf:owner} of its latest version), authors, operators and admins.
 */
@Service
public class ProcessVersions {

	private final RepositoryService repositoryService;

	private final SafeBpmnReader reader;

	ProcessVersions(RepositoryService repositoryService, SafeBpmnReader reader) {
		this.repositoryService = repositoryService;
		this.reader = reader;
	}

	/**
	 * @param from a version number, blank for the one before {@code to}
	 * @param to a version number, blank for the latest
	 */
	ProcessDiff diff(String key, String from, String to, Caller caller) {
		ProcessDefinition latest = latest(key);
		checkMayLook(caller, latest);
		int toVersion = (to == null || to.isBlank()) ? latest.getVersion() : number("to", to);
		int fromVersion = (from == null || from.isBlank()) ? toVersion - 1 : number("from", from);
		if (fromVersion == toVersion) {
			throw ProblemException.badRequest("from and to are both version " + toVersion + "; compare two versions")
				.with("parameter", "from");
		}
		if (fromVersion < 1) {
			throw ProblemException.badRequest("'" + key + "' has only version 1: there is nothing to compare it with")
				.with("parameter", "from");
		}
		ProcessDefinition older = definition(key, fromVersion);
		ProcessDefinition newer = definition(key, toVersion);
		return diff(key, side(older), process(older), side(newer), process(newer));
	}

	/**
	 * A file not deployed yet against a deployed version ({@code from}, else the latest).
	 */
	ProcessDiff diffFile(String key, BpmnSource file, String from, Caller caller) {
		ProcessDefinition latest = latest(key);
		checkMayLook(caller, latest);
		ProcessDefinition older = (from == null || from.isBlank()) ? latest : definition(key, number("from", from));
		return diff(key, side(older), process(older), fileSide(file), fileProcess(file, key));
	}

	/**
	 * What deploying the file would change against the latest deployed version of its
	 * process (every step added when none is deployed). For the modeler, whose page only
	 * authors and admins reach.
	 */
	public ProcessDiff diffAgainstDeployed(BpmnSource file) {
		BpmnModel model = read(file);
		Process process = model.getMainProcess();
		ProcessDefinition latest = this.repositoryService.createProcessDefinitionQuery()
			.processDefinitionKey(process.getId())
			.latestVersion()
			.singleResult();
		if (latest == null) {
			return diff(process.getId(), new Side(null, null, "nothing deployed"), null, fileSide(file), process);
		}
		return diff(process.getId(), side(latest), process(latest), fileSide(file), process);
	}

	private static ProcessDiff diff(String key, Side from, Process before, Side to, Process after) {
		var changes = ModelDiff.between(before, after);
		return new ProcessDiff(key, from, to, changes, ProcessDiff.Counts.of(changes));
	}

	ProcessDefinition latest(String key) {
		ProcessDefinition latest = this.repositoryService.createProcessDefinitionQuery()
			.processDefinitionKey(key)
			.latestVersion()
			.singleResult();
		if (latest == null) {
			throw ProblemException.notFound("No process '" + key + "' is deployed.");
		}
		return latest;
	}

	/**
	 * @throws ProblemException 404 naming the version when it does not exist
	 */
	ProcessDefinition definition(String key, int version) {
		ProcessDefinition definition = this.repositoryService.createProcessDefinitionQuery()
			.processDefinitionKey(key)
			.processDefinitionVersion(version)
			.singleResult();
		if (definition == null) {
			throw ProblemException.notFound("Process '" + key + "' has no version " + version + ".");
		}
		return definition;
	}

	Process process(ProcessDefinition definition) {
		BpmnModel model = this.repositoryService.getBpmnModel(definition.getId());
		Process process = model.getProcessById(definition.getKey());
		return (process != null) ? process : model.getMainProcess();
	}

	/** The BPMN XML of a deployed version, as it was deployed. */
	String xml(ProcessDefinition definition) {
		try (InputStream in = this.repositoryService.getResourceAsStream(definition.getDeploymentId(),
				definition.getResourceName())) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * @throws ProblemException 403 unless the caller is of the owner group, an author, an
	 * operator or an admin
	 */
	static void checkMayLook(Caller caller, ProcessDefinition latest, Process process) {
		String owner = Notifications.ownerOf(process);
		if (caller.isAdmin() || caller.hasRole(Roles.AUTHOR) || caller.hasRole(Roles.OPERATOR)
				|| (owner != null && caller.groups().contains(owner))) {
			return;
		}
		throw ProblemException.forbidden("The versions of '" + latest.getKey() + "' are for its owner ("
				+ ((owner != null) ? "group " + owner : "none declared") + "), authors, operators and admins.");
	}

	void checkMayLook(Caller caller, ProcessDefinition latest) {
		checkMayLook(caller, latest, process(latest));
	}

	static int number(String parameter, String value) {
		try {
			int number = Integer.parseInt(value.strip());
			if (number >= 1) {
				return number;
			}
		}
		catch (NumberFormatException ex) {
			// answered below
		}
		throw ProblemException.badRequest(parameter + " '" + value + "' is not a version number (1, 2, ...)")
			.with("parameter", parameter);
	}

	private Side side(ProcessDefinition definition) {
		return new Side(definition.getVersion(), definition.getId(), "version " + definition.getVersion());
	}

	private static Side fileSide(BpmnSource file) {
		return new Side(null, null, "the file " + file.fileName());
	}

	private Process fileProcess(BpmnSource file, String key) {
		Process process = read(file).getProcessById(key);
		if (process == null) {
			throw ProblemException.badRequest("The file " + file.fileName() + " defines no process '" + key
					+ "': its process id must be the key it is compared with.");
		}
		return process;
	}

	private BpmnModel read(BpmnSource file) {
		try {
			return this.reader.read(file);
		}
		catch (InvalidBpmnException ex) {
			throw ProblemException.badRequest(ex.getMessage());
		}
	}

}
