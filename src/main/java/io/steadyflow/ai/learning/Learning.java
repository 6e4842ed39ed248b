package io.steadyflow.ai.learning;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.steadyflow.ai.AiProperties;
import io.steadyflow.ai.AiStepFields;
import io.steadyflow.ai.Hashes;
import io.steadyflow.ai.LabelsFile;
import io.steadyflow.ai.learning.LabelsVersions.LabelsVersion;
import io.steadyflow.security.Caller;
import io.steadyflow.security.Roles;
import io.steadyflow.system.ProblemException;
import org.flowable.bpmn.model.FlowElement;
import org.flowable.bpmn.model.Process;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.repository.ProcessDefinition;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The review of candidate examples and the labels versions made from them: authors accept
 * (with the person's label or another one) or discard candidates; the accepted ones
 * become a new version of the labels file, which goes out through the deploy gate with
 * its figures before and after, and is refused when it is worse than the running one
 * unless the author confirms it with a reason. Authors and admins review; the process's
 * owner group may look.
 */
@Service
public class Learning {

	/** The most candidates a list shows. */
	static final int LIST_LIMIT = 500;

	private final Candidates candidates;

	private final LabelsVersions versions;

	private final LabelsFigures figures;

	private final LabelsDeployment deployment;

	private final RepositoryService repositoryService;

	private final AiProperties aiProperties;

	private final ObjectMapper objectMapper;

	private final TransactionTemplate transaction;

	Learning(Candidates candidates, LabelsVersions versions, LabelsFigures figures, LabelsDeployment deployment,
			RepositoryService repositoryService, AiProperties aiProperties, ObjectMapper objectMapper,
			TransactionTemplate transaction) {
		this.candidates = candidates;
		this.versions = versions;
		this.figures = figures;
		this.deployment = deployment;
		this.repositoryService = repositoryService;
		this.aiProperties = aiProperties;
		this.objectMapper = objectMapper;
		this.transaction = transaction;
	}

	/** The review state of a process: candidates to review, accepted ones, versions. */
	public Review review(String processKey, Caller caller) {
		ProcessDefinition latest = mayLook(processKey, caller);
		List<Candidate> open = this.candidates.list(processKey, List.of(Candidates.PENDING, Candidates.ACCEPTED),
				LIST_LIMIT);
		List<StepLabels> steps = new ArrayList<>();
		for (FlowElement step : classifySteps(latest)) {
			String file = step.getAttributeValue(LearningFields.SF_NS, "aiLabels").strip();
			steps.add(new StepLabels(step.getId(), file, labels(latest, file),
					LearningFields.learns(step, process(latest))));
		}
		return new Review(processKey, latest.getName(), latest.getVersion(), mayReview(caller), steps, open,
				this.versions.list(processKey));
	}

	/** A process's candidates in one state ({@code pending} when none is given). */
	public List<Candidate> candidates(String processKey, String status, Caller caller) {
		mayLook(processKey, caller);
		String state = (status == null || status.isBlank()) ? Candidates.PENDING : status.strip();
		if (!List.of(Candidates.PENDING, Candidates.ACCEPTED, Candidates.DISCARDED, Candidates.PUBLISHED)
			.contains(state)) {
			throw ProblemException
				.badRequest("status '" + state + "' is not one of pending, accepted, discarded, published")
				.with("parameter", "status");
		}
		return this.candidates.list(processKey, List.of(state), LIST_LIMIT);
	}

	/** Accepts a candidate with the label the person gave it. */
	public Candidate accept(String processKey, String id, Caller caller) {
		Candidate candidate = reviewable(processKey, id, caller);
		if (candidate.humanLabel() == null) {
			throw ProblemException
				.badRequest("Candidate " + id + " was sent back as not '" + candidate.rejectedLabel()
						+ "' without a label: relabel it with the right one, or discard it.")
				.with("parameter", "label");
		}
		return moved(candidate, Candidates.ACCEPTED, checkedLabel(processKey, candidate, candidate.humanLabel()),
				caller);
	}

	/** Accepts a candidate with another label than the person's. */
	public Candidate relabel(String processKey, String id, String label, Caller caller) {
		Candidate candidate = reviewable(processKey, id, caller);
		if (label == null || label.isBlank()) {
			throw ProblemException
				.badRequest("A relabel needs the label: one of "
						+ String.join(", ", labels(latest(processKey), candidate.labelsFile())) + ".")
				.with("parameter", "label");
		}
		return moved(candidate, Candidates.ACCEPTED, checkedLabel(processKey, candidate, label.strip()), caller);
	}

	public Candidate discard(String processKey, String id, Caller caller) {
		return moved(reviewable(processKey, id, caller), Candidates.DISCARDED, null, caller);
	}

	/**
	 * The gate's figures for the labels version the accepted candidates would make,
	 * without deploying it.
	 */
	public Proposal preview(String processKey, String labelsFile, Caller caller) {
		mayReviewOrRefuse(caller);
		return proposal(latest(processKey), labelsFile);
	}

	/**
	 * Makes and deploys the next labels version from the accepted candidates.
	 * @param reason required when the new version is worse than the running one
	 * @throws ProblemException 409 with the figures when it is worse and no reason is
	 * given, or when nothing is accepted
	 */
	public synchronized LabelsVersion publish(String processKey, String labelsFile, String reason, Caller caller) {
		mayReviewOrRefuse(caller);
		ProcessDefinition latest = latest(processKey);
		Proposal proposal = proposal(latest, labelsFile);
		boolean confirmed = reason != null && !reason.isBlank();
		if (proposal.comparison().worse() && !confirmed) {
			throw new ProblemException(HttpStatus.CONFLICT, "Worse than the running labels version",
					"The new version of " + proposal.labelsFile() + " is worse than the running one ("
							+ String.join("; ", proposal.comparison().why())
							+ "). Nothing was deployed; send it again with a reason to deploy it all the same.")
				.with("figures", proposal.comparison());
		}
		int number = this.versions.next(processKey, proposal.labelsFile());
		byte[] content = proposal.content();
		LabelsDeployment.Deployed deployed = this.deployment.deploy(processKey, proposal.labelsFile(), content,
				latest.getResourceName() + " with " + proposal.labelsFile() + " v" + number);
		LabelsVersion version = new LabelsVersion(processKey, proposal.labelsFile(), number, Hashes.sha256(content),
				deployed.deploymentId(), deployed.processDefinitionVersion(), proposal.added().size(),
				proposal.comparison(), confirmed ? reason.strip() : null, caller.userId(), Instant.now());
		try {
			this.transaction.executeWithoutResult((status) -> {
				this.versions.record(version);
				this.candidates.publish(proposal.accepted().stream().map(Candidate::id).toList(), number);
			});
		}
		catch (DuplicateKeyException ex) {
			throw ProblemException.conflict("Labels version " + number + " of " + proposal.labelsFile()
					+ " was published by someone else at the same time; reload and try again.");
		}
		return version;
	}

	private Proposal proposal(ProcessDefinition latest, String requestedFile) {
		String labelsFile = labelsFile(latest, requestedFile);
		List<Candidate> accepted = this.candidates.accepted(latest.getKey(), labelsFile);
		if (accepted.isEmpty()) {
			throw ProblemException.conflict("No accepted candidate of " + labelsFile
					+ " waits for a new labels version: accept or relabel candidates first.");
		}
		byte[] current = currentLabels(latest, labelsFile);
		ObjectNode root;
		try {
			root = (ObjectNode) this.objectMapper.readTree(current);
		}
		catch (IOException | ClassCastException ex) {
			throw ProblemException
				.conflict("The running labels file " + labelsFile + " cannot be read: " + ex.getMessage());
		}
		ObjectNode labels = (ObjectNode) root.get("labels");
		List<Candidate> added = new ArrayList<>();
		for (Candidate candidate : accepted) {
			JsonNode examples = labels.get(candidate.finalLabel());
			if (!(examples instanceof ArrayNode array)) {
				continue;
			}
			if (!contains(array, candidate.text())) {
				array.add(candidate.text());
				added.add(candidate);
			}
		}
		byte[] content;
		try {
			content = this.objectMapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
		LabelsFigures.Rule rule = rule(latest, labelsFile);
		LabelsFigures.Figures before = this.figures.of(labelsFile, current, rule);
		LabelsFigures.Figures after = this.figures.of(labelsFile, content, rule);
		return new Proposal(labelsFile, accepted, added, content, Comparison.of(rule, before, after));
	}

	private static boolean contains(ArrayNode examples, String text) {
		String wanted = text.strip().toLowerCase(Locale.ROOT);
		for (JsonNode example : examples) {
			if (example.isTextual() && example.asText().strip().toLowerCase(Locale.ROOT).equals(wanted)) {
				return true;
			}
		}
		return false;
	}

	private Candidate moved(Candidate candidate, String status, String finalLabel, Caller caller) {
		if (!this.candidates.review(candidate.id(), status, finalLabel, caller.userId(), Instant.now())) {
			throw ProblemException.conflict("Candidate " + candidate.id() + " is already " + candidate.status()
					+ ((candidate.publishedIn() != null) ? " in labels version " + candidate.publishedIn() : "")
					+ ": it can no longer be changed.");
		}
		return this.candidates.find(candidate.processKey(), candidate.id()).orElseThrow();
	}

	private Candidate reviewable(String processKey, String id, Caller caller) {
		mayReviewOrRefuse(caller);
		latest(processKey);
		Candidate candidate = this.candidates.find(processKey, id)
			.orElseThrow(() -> ProblemException.notFound("No candidate " + id + " of process '" + processKey
					+ "' (it may have been purged after the retention period)."));
		if (Candidates.PUBLISHED.equals(candidate.status())) {
			throw ProblemException.conflict("Candidate " + id + " is already in labels version "
					+ candidate.publishedIn() + ": it can no longer be changed.");
		}
		return candidate;
	}

	private String checkedLabel(String processKey, Candidate candidate, String label) {
		List<String> known = labels(latest(processKey), candidate.labelsFile());
		if (!known.contains(label)) {
			throw ProblemException
				.badRequest("'" + label + "' is not a label of " + candidate.labelsFile() + "; its labels are "
						+ String.join(", ", known) + ".")
				.with("parameter", "label");
		}
		return label;
	}

	/** The labels of a labels file as the latest version runs with it. */
	List<String> labels(ProcessDefinition latest, String labelsFile) {
		try {
			return List
				.copyOf(new LinkedHashSet<>(LabelsFile.parse(labelsFile, currentLabels(latest, labelsFile)).labels()));
		}
		catch (IllegalArgumentException ex) {
			return List.of();
		}
	}

	/**
	 * The labels file the latest version runs with: its deployment's own, else the
	 * folder's.
	 */
	byte[] currentLabels(ProcessDefinition latest, String labelsFile) {
		try {
			if (this.repositoryService.getDeploymentResourceNames(latest.getDeploymentId()).contains(labelsFile)) {
				try (InputStream in = this.repositoryService.getResourceAsStream(latest.getDeploymentId(),
						labelsFile)) {
					return in.readAllBytes();
				}
			}
			Path file = this.aiProperties.labelsLocation().resolve(labelsFile);
			if (Files.isRegularFile(file)) {
				return Files.readAllBytes(file);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		throw ProblemException.conflict("The labels file " + labelsFile + " of '" + latest.getKey()
				+ "' is neither deployed with it nor in steadyflow.ai.labels-location.");
	}

	private String labelsFile(ProcessDefinition latest, String requested) {
		Set<String> files = new LinkedHashSet<>();
		for (FlowElement step : classifySteps(latest)) {
			files.add(step.getAttributeValue(LearningFields.SF_NS, "aiLabels").strip());
		}
		if (requested != null && !requested.isBlank()) {
			if (!files.contains(requested.strip())) {
				throw ProblemException
					.badRequest("'" + requested.strip() + "' is not a labels file of '" + latest.getKey()
							+ "'; its classify steps name " + (files.isEmpty() ? "none" : String.join(", ", files)))
					.with("parameter", "labelsFile");
			}
			return requested.strip();
		}
		if (files.size() != 1) {
			throw ProblemException
				.badRequest("Name the labels file (labelsFile): '" + latest.getKey() + "' has "
						+ (files.isEmpty() ? "no classify step with one" : String.join(", ", files)))
				.with("parameter", "labelsFile");
		}
		return files.iterator().next();
	}

	/** How the step that reads the labels file decides that a result is sure. */
	private LabelsFigures.Rule rule(ProcessDefinition latest, String labelsFile) {
		Process process = process(latest);
		for (FlowElement step : classifySteps(latest)) {
			if (!labelsFile.equals(step.getAttributeValue(LearningFields.SF_NS, "aiLabels").strip())) {
				continue;
			}
			String precision = step.getAttributeValue(LearningFields.SF_NS, "aiPrecision");
			if (precision != null && !precision.isBlank()) {
				return new LabelsFigures.Rule(AiStepFields.precision(precision), 0);
			}
			String threshold = step.getAttributeValue(LearningFields.SF_NS, "aiThreshold");
			if (threshold == null || threshold.isBlank()) {
				threshold = process.getAttributeValue(LearningFields.SF_NS, "aiThreshold");
			}
			return new LabelsFigures.Rule(null, (threshold != null && !threshold.isBlank())
					? AiStepFields.threshold(threshold) : this.aiProperties.classifyThreshold());
		}
		return new LabelsFigures.Rule(null, this.aiProperties.classifyThreshold());
	}

	private List<FlowElement> classifySteps(ProcessDefinition latest) {
		Process process = process(latest);
		if (process == null) {
			return List.of();
		}
		return process.findFlowElementsOfType(FlowElement.class, true)
			.stream()
			.filter(LearningFields::isClassifyStep)
			.filter((step) -> {
				String file = step.getAttributeValue(LearningFields.SF_NS, "aiLabels");
				return file != null && LabelsFile.isLabelsFileName(file.strip());
			})
			.toList();
	}

	private Process process(ProcessDefinition definition) {
		return this.repositoryService.getBpmnModel(definition.getId()).getProcessById(definition.getKey());
	}

	private ProcessDefinition latest(String processKey) {
		ProcessDefinition latest = this.repositoryService.createProcessDefinitionQuery()
			.processDefinitionKey(processKey)
			.latestVersion()
			.singleResult();
		if (latest == null) {
			throw ProblemException.notFound("No process '" + processKey + "' is deployed.");
		}
		return latest;
	}

	private ProcessDefinition mayLook(String processKey, Caller caller) {
		ProcessDefinition latest = latest(processKey);
		String owner = process(latest).getAttributeValue(LearningFields.SF_NS, "owner");
		boolean owners = owner != null && caller.groups().contains(owner.strip());
		if (!mayReview(caller) && !owners) {
			throw ProblemException.forbidden(
					"The candidate examples of '" + latest.getKey() + "' are reviewed by authors; its owner group ("
							+ ((owner != null) ? owner.strip() : "none declared") + ") may look at them.");
		}
		return latest;
	}

	static boolean mayReview(Caller caller) {
		return caller.isAdmin() || caller.hasRole(Roles.AUTHOR);
	}

	private static void mayReviewOrRefuse(Caller caller) {
		if (!mayReview(caller)) {
			throw ProblemException.forbidden(
					"Reviewing candidate examples and deploying labels versions is for " + "authors and admins.");
		}
	}

	/**
	 * What the review page and API show.
	 *
	 * @param processKey the process
	 * @param processName its name
	 * @param latestVersion its latest version
	 * @param mayReview whether the caller may accept, relabel, discard and publish
	 * @param steps its classify steps with their labels
	 * @param candidates pending and accepted candidates, newest first
	 * @param versions labels versions made from candidates, newest first
	 */
	public record Review(String processKey, String processName, int latestVersion, boolean mayReview,
			List<StepLabels> steps, List<Candidate> candidates, List<LabelsVersion> versions) {
	}

	/**
	 * @param activityId the classify step
	 * @param labelsFile its labels file
	 * @param labels the labels in it
	 * @param learns whether people's decisions about it are kept ({@code sf:aiLearn})
	 */
	public record StepLabels(String activityId, String labelsFile, List<String> labels, boolean learns) {
	}

	/**
	 * The labels version the accepted candidates would make.
	 *
	 * @param labelsFile the labels file
	 * @param accepted the accepted candidates
	 * @param added those that add an example (the others are in the file already)
	 * @param content the new file
	 * @param comparison the gate's figures before and after
	 */
	public record Proposal(String labelsFile, List<Candidate> accepted, List<Candidate> added, byte[] content,
			Comparison comparison) {
	}

}
