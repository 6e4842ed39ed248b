package io.steadyflow.docs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.steadyflow.bpmn.BpmnSource;
import io.steadyflow.bpmn.SafeBpmnReader;
import io.steadyflow.forms.FormCatalog;
import io.steadyflow.security.Caller;
import io.steadyflow.security.Roles;
import io.steadyflow.system.ProblemException;
import io.steadyflow.tools.Notifications;
import org.flowable.bpmn.model.BpmnModel;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.repository.ProcessDefinition;

import org.springframework.stereotype.Service;

/**
 * The documentation of deployed process versions, generated on request from the BPMN
 * resource the version was deployed with, read again through the {@link SafeBpmnReader}
 * like any upload. Who may read it: the process's owner group ({@code sf:owner}),
 * authors, operators and admins — the people who answer for the process, change it or run
 * it.
 */
@Service
public class ProcessDocs {

	private final RepositoryService repositoryService;

	private final SafeBpmnReader reader;

	private final DocsGenerator generator;

	/**
	 * Documents by definition id: a deployed version never changes, nor do the forms
	 * while the application runs, so each version is read and walked once (the most
	 * recently read ones are kept).
	 */
	private final Map<String, ProcessDocument> generated = Collections
		.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
			@Override
			protected boolean removeEldestEntry(Map.Entry<String, ProcessDocument> eldest) {
				return size() > CACHED_VERSIONS;
			}
		});

	private static final int CACHED_VERSIONS = 200;

	ProcessDocs(RepositoryService repositoryService, SafeBpmnReader reader, FormCatalog forms) {
		this.repositoryService = repositoryService;
		this.reader = reader;
		this.generator = new DocsGenerator(forms::find);
	}

	/**
	 * @param version a version number, or {@code null} or blank for the latest
	 * @throws ProblemException 404 for an unknown process or version, 400 for a version
	 * that is not a number, 403 when the caller may not read it
	 */
	public ProcessDocument document(String key, String version, Caller caller) {
		ProcessDefinition definition = definition(key, version, caller);
		return this.generated.computeIfAbsent(definition.getId(), (id) -> {
			BpmnModel model = this.reader.read(new BpmnSource(definition.getResourceName(), xml(definition)));
			return this.generator.generate(model, model.getProcessById(key), definition.getResourceName(),
					definition.getVersion());
		});
	}

	/** The BPMN XML the version was deployed with. */
	public byte[] diagram(String key, String version, Caller caller) {
		return xml(definition(key, version, caller));
	}

	/** The version numbers of a process, newest first. */
	public List<Integer> versions(String key) {
		return this.repositoryService.createProcessDefinitionQuery()
			.processDefinitionKey(key)
			.orderByProcessDefinitionVersion()
			.desc()
			.list()
			.stream()
			.map(ProcessDefinition::getVersion)
			.toList();
	}

	private ProcessDefinition definition(String key, String version, Caller caller) {
		ProcessDefinition latest = this.repositoryService.createProcessDefinitionQuery()
			.processDefinitionKey(key)
			.latestVersion()
			.singleResult();
		if (latest == null) {
			throw ProblemException.notFound("No process '" + key + "' is deployed.");
		}
		if (!mayRead(caller,
				Notifications.ownerOf(this.repositoryService.getBpmnModel(latest.getId()).getProcessById(key)))) {
			throw ProblemException.forbidden(
					"The documentation of '" + key + "' is for its owner group, authors, " + "operators and admins.");
		}
		Integer number = number(version);
		if (number == null) {
			return latest;
		}
		ProcessDefinition chosen = this.repositoryService.createProcessDefinitionQuery()
			.processDefinitionKey(key)
			.processDefinitionVersion(number)
			.singleResult();
		if (chosen == null) {
			throw ProblemException.notFound("Process '" + key + "' has no version " + number
					+ "; its versions are 1 to " + latest.getVersion() + ".");
		}
		return chosen;
	}

	static boolean mayRead(Caller caller, String owner) {
		return caller.isAdmin() || caller.hasRole(Roles.OPERATOR) || caller.hasRole(Roles.AUTHOR)
				|| (owner != null && caller.groups().contains(owner));
	}

	private static Integer number(String version) {
		if (version == null || version.isBlank()) {
			return null;
		}
		try {
			int number = Integer.parseInt(version.strip());
			if (number >= 1) {
				return number;
			}
		}
		catch (NumberFormatException ex) {
			// answered below
		}
		throw ProblemException.badRequest("version '" + version + "' is not a version number (1, 2, ...)")
			.with("parameter", "version");
	}

	private byte[] xml(ProcessDefinition definition) {
		try (InputStream in = this.repositoryService.getResourceAsStream(definition.getDeploymentId(),
				definition.getResourceName())) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
