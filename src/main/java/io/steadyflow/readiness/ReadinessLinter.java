package io.steadyflow.readiness;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import io.steadyflow.ai.ExtractionSchema;
import io.steadyflow.bpmn.BpmnInputLimits;
import io.steadyflow.bpmn.BpmnSource;
import io.steadyflow.bpmn.InvalidBpmnException;
import io.steadyflow.bpmn.SafeBpmnReader;
import org.flowable.bpmn.model.BpmnModel;
import org.flowable.bpmn.model.Process;
import org.flowable.validation.ProcessValidator;
import org.flowable.validation.ProcessValidatorFactory;
import org.flowable.validation.ValidationError;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The production-readiness linter. A file is checked in two stages: first Flowable's own
 * parser and {@link ProcessValidator} (what the engine itself would refuse), then
 * Steadyflow's rules over the parsed model. Configuration may then change severities;
 * every change is listed in the report.
 * <p>
 * Never throws for a bad file: what cannot be read becomes a single {@code parse} error.
 * Plain Java apart from the Spring constructor, so that the command line can use it
 * without an application context.
 */
@Component
public class ReadinessLinter {

	private final SafeBpmnReader reader;

	private final ReadinessProperties properties;

	private final ProcessValidator flowableValidator = new ProcessValidatorFactory().createDefaultProcessValidator();

	private final List<ReadinessCheck> checks;

	/** Within the application: bean references are checked against its beans. */
	@Autowired
	public ReadinessLinter(SafeBpmnReader reader, ReadinessProperties properties, ListableBeanFactory beans,
			Environment environment) {
		this(reader, properties, beans::containsBean,
				StepConfiguration.from(Binder.get(environment),
						() -> beans.getBeanProvider(ExtractionSchema.class)
							.orderedStream()
							.map(ExtractionSchema::name)
							.collect(Collectors.toCollection(TreeSet::new))));
	}

	ReadinessLinter(SafeBpmnReader reader, ReadinessProperties properties, Predicate<String> beanExists,
			StepConfiguration steps) {
		this.reader = reader;
		this.properties = properties;
		this.checks = List.of(new ProcessContractCheck(), new TaskCheck(), new GatewayConditionCheck(),
				new ReachabilityCheck(), new AiGateCheck(), new ExpressionSafetyCheck(properties),
				new DelegateCheck(beanExists), new ToolConfigCheck(steps), new AiConfigCheck(steps),
				new DocumentationCheck(), new TriggerCheck(steps));
	}

	/**
	 * A linter without an application, e.g. for the command line.
	 * @param beanExists answers whether a delegate bean exists, or {@code null} when
	 * nothing can be asked: bean references are then reported as not checked (info)
	 */
	public static ReadinessLinter standalone(BpmnInputLimits limits, ReadinessProperties properties,
			Predicate<String> beanExists) {
		return new ReadinessLinter(new SafeBpmnReader(limits), properties, beanExists, StepConfiguration.UNKNOWN);
	}

	/**
	 * A linter without an application that compares the steps' tools against the given
	 * configuration (systems, secrets, labels files).
	 */
	static ReadinessLinter standalone(BpmnInputLimits limits, ReadinessProperties properties,
			Predicate<String> beanExists, StepConfiguration steps) {
		return new ReadinessLinter(new SafeBpmnReader(limits), properties, beanExists, steps);
	}

	/**
	 * Reads the file safely and lints it; a file that cannot be read gives a parse error.
	 */
	public FileReport lint(BpmnSource source) {
		return lint(source, Set.of());
	}

	/**
	 * Reads the file safely and lints it as part of a deployment with other resources
	 * (labels files) of the given names.
	 */
	public FileReport lint(BpmnSource source, Set<String> deployedWith) {
		return lint(source, deployedWith, Map.of());
	}

	/**
	 * Reads the file safely and lints it as part of a deployment with other resources
	 * (labels files) of the given names, some of whose content is known.
	 */
	FileReport lint(BpmnSource source, Set<String> deployedWith, Map<String, byte[]> deployedContent) {
		BpmnModel model;
		try {
			model = this.reader.read(source);
		}
		catch (InvalidBpmnException ex) {
			return parseError(source.fileName(), ex.getLine(), ex.getProblem());
		}
		catch (RuntimeException | StackOverflowError ex) {
			return parseError(source.fileName(), null, "cannot be read as BPMN: " + ex);
		}
		return lint(source, model, deployedWith, deployedContent);
	}

	/**
	 * Lints a model that was already read from the source (by the engine or the caller).
	 */
	public FileReport lint(BpmnSource source, BpmnModel model) {
		return lint(source, model, Set.of());
	}

	/**
	 * Lints a model that was already read from the source, deployed together with other
	 * resources (labels files) of the given names.
	 */
	public FileReport lint(BpmnSource source, BpmnModel model, Set<String> deployedWith) {
		return lint(source, model, deployedWith, Map.of());
	}

	private FileReport lint(BpmnSource source, BpmnModel model, Set<String> deployedWith,
			Map<String, byte[]> deployedContent) {
		Findings findings = new Findings();
		validateWithFlowable(model, findings);
		List<Process> processes = model.getProcesses();
		boolean anyExecutable = processes.stream().anyMatch(Process::isExecutable);
		for (Process process : processes) {
			if (!process.isExecutable()) {
				reportNotExecutable(process, anyExecutable, findings);
				if (anyExecutable) {
					// In a collaboration, a non-executable pool documents another party.
					continue;
				}
			}
			ProcessView view = new ProcessView(model, process, deployedWith, deployedContent);
			for (ReadinessCheck check : this.checks) {
				runCheck(check, view, findings);
			}
		}
		FileReport configured = applyConfiguration(source.fileName(), findings.list());
		return new FileReport(configured.fileName(), withoutDuplicates(configured.findings()), configured.overrides());
	}

	/**
	 * Where Flowable and a Steadyflow rule report the same concern on the same element,
	 * the rule's finding (with its hint) is enough. A Flowable error stays unless the
	 * rule's finding is an error too (configuration may have lowered it), because the
	 * engine enforces it whatever the configuration says. Identical findings are kept
	 * once.
	 */
	private static List<Finding> withoutDuplicates(List<Finding> findings) {
		List<Finding> kept = new ArrayList<>();
		for (Finding finding : findings) {
			boolean covered = ReadinessRule.FLOWABLE_VALIDATION.id().equals(finding.rule()) && findings.stream()
				.anyMatch((other) -> other != finding && Objects.equals(other.elementId(), finding.elementId())
						&& (finding.severity() == Severity.WARNING
								|| other.severity().compareTo(finding.severity()) <= 0)
						&& FlowableProblemHints.sameConcern(other.rule(), problemCode(finding)));
			// The same finding twice (e.g. one bean used by a task's create and complete
			// listeners) says nothing new.
			if (!covered && !kept.contains(finding)) {
				kept.add(finding);
			}
		}
		return kept;
	}

	/** Flowable's problem code, which its findings carry at the end of the message. */
	private static String problemCode(Finding flowableFinding) {
		String message = flowableFinding.message();
		int open = message.lastIndexOf('[');
		return (open >= 0 && message.endsWith("]")) ? message.substring(open + 1, message.length() - 1) : "";
	}

	private void validateWithFlowable(BpmnModel model, Findings findings) {
		List<ValidationError> errors;
		try {
			errors = this.flowableValidator.validate(model);
		}
		catch (RuntimeException ex) {
			findings.add(new Finding(ReadinessRule.FLOWABLE_VALIDATION.id(), Severity.ERROR, null, null, null, null,
					"Flowable's validator could not check the model: " + ex,
					"Check the file in a BPMN modeler; the engine would not accept it either."));
			return;
		}
		for (ValidationError error : errors) {
			findings.add(new Finding(ReadinessRule.FLOWABLE_VALIDATION.id(),
					error.isWarning() ? Severity.WARNING : Severity.ERROR, error.getProcessDefinitionId(),
					(error.getActivityId() != null) ? error.getActivityId() : error.getProcessDefinitionId(),
					error.getActivityName(), (error.getXmlLineNumber() > 0) ? error.getXmlLineNumber() : null,
					error.getDefaultDescription() + " [" + error.getProblem() + "]",
					FlowableProblemHints.hintFor(error.getProblem())));
		}
	}

	private void reportNotExecutable(Process process, boolean anyExecutable, Findings findings) {
		if (anyExecutable) {
			findings.add(ReadinessRule.EXECUTABLE, Severity.INFO, process, process, "Process '" + process.getId()
					+ "' is not executable: it documents another participant and the readiness rules do not apply to it",
					"Nothing to do if it describes a partner; set isExecutable=\"true\" if Steadyflow should run it.");
		}
		else {
			findings.add(ReadinessRule.EXECUTABLE, Severity.ERROR, process, process,
					"Process '" + process.getId() + "' is not marked executable, so the engine would not run it",
					"Set isExecutable=\"true\" on <process id=\"" + process.getId() + "\">.");
		}
	}

	private void runCheck(ReadinessCheck check, ProcessView view, Findings findings) {
		try {
			check.check(view, findings);
		}
		catch (RuntimeException | StackOverflowError ex) {
			// A rule must never make the linter fail; what it could not judge is said.
			findings.add(new Finding("linter", Severity.WARNING, view.process().getId(), view.process().getId(),
					view.process().getName(), ProcessView.line(view.process()),
					"Part of the readiness check (" + check.getClass().getSimpleName()
							+ ") could not run on the process: " + ex,
					"Report the file to the Steadyflow maintainers."));
		}
	}

	private FileReport applyConfiguration(String fileName, List<Finding> raw) {
		List<Finding> kept = new ArrayList<>();
		Map<String, int[]> changes = new LinkedHashMap<>();
		for (Finding finding : raw) {
			Optional<ReadinessRule> rule = ReadinessRule.byId(finding.rule()).filter(ReadinessRule::configurable);
			Optional<ReadinessProperties.Level> level = rule
				.flatMap((r) -> this.properties.levelFor(r.id(), finding.processId()));
			// Infos are notices ("not checked here"), not verdicts: only switching off
			// applies.
			if (level.isEmpty()
					|| (finding.severity() == Severity.INFO && level.get() != ReadinessProperties.Level.OFF)) {
				kept.add(finding);
				continue;
			}
			String scope = this.properties.scopeOf(finding.rule(), finding.processId());
			Severity target = level.get().severity();
			if (target == null) {
				changes.computeIfAbsent(finding.rule() + " switched off " + scope, (key) -> new int[1])[0]++;
			}
			else if (target != finding.severity()) {
				String direction = (target.ordinal() > finding.severity().ordinal()) ? "lowered" : "raised";
				String note = "severity " + direction + " from " + finding.severity().label() + " to " + target.label()
						+ " by configuration " + scope;
				kept.add(finding.withSeverity(target, note));
				changes.computeIfAbsent(finding.rule() + " set to " + target.label() + " " + scope,
						(key) -> new int[1])[0]++;
			}
			else {
				kept.add(finding);
			}
		}
		kept.sort(DOCUMENT_ORDER);
		List<String> overrides = new ArrayList<>();
		changes.forEach((change, count) -> overrides.add(change + ": " + count[0] + " finding"
				+ ((count[0] == 1) ? "" : "s") + (change.contains("switched off") ? " hidden" : " changed")));
		return new FileReport(fileName, kept, overrides);
	}

	private static final Comparator<Finding> DOCUMENT_ORDER = Comparator
		.comparing(Finding::line, Comparator.nullsFirst(Comparator.naturalOrder()))
		.thenComparing(Finding::severity);

	private static FileReport parseError(String fileName, Integer line, String problem) {
		// the line is a field of its own; the parser's prefix only repeats it
		String message = problem
			.replaceFirst("^org\\.xml\\.sax\\.SAXParseException;( lineNumber: \\d+;)?( columnNumber: \\d+;)?\\s*", "");
		return new FileReport(fileName,
				List.of(new Finding(ReadinessRule.PARSE.id(), Severity.ERROR, null, null, null, line, message,
						"Open the file in a BPMN modeler and save it again as BPMN 2.0 XML; "
								+ "the file must be self-contained (no DOCTYPE, no imports).")));
	}

}
