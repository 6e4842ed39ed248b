package io.steadyflow.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import io.steadyflow.bpmn.BpmnInputLimits;
import io.steadyflow.bpmn.BpmnSource;
import io.steadyflow.bpmn.SafeBpmnReader;
import io.steadyflow.forms.FormCatalog;
import io.steadyflow.forms.FormDefinition;
import io.steadyflow.forms.FormsProperties;
import io.steadyflow.readiness.LintCommand;
import org.flowable.bpmn.model.BpmnModel;

/** The project's own diagrams and forms, read as the docs command reads them. */
final class Examples {

	static final SafeBpmnReader READER = new SafeBpmnReader(BpmnInputLimits.defaults());

	private Examples() {
	}

	static List<Path> diagrams() throws IOException {
		return LintCommand.bpmnFiles(List.of("processes"));
	}

	static Function<String, Optional<FormDefinition>> forms() throws IOException {
		FormCatalog catalog = new FormCatalog(new FormsProperties(Path.of("forms"), Path.of("processes"), true),
				READER);
		return catalog::find;
	}

	static BpmnModel read(Path file) throws IOException {
		return READER.read(new BpmnSource(file.getFileName().toString(), Files.readAllBytes(file)));
	}

	static BpmnModel read(String name, String xml) {
		return READER.read(new BpmnSource(name, xml.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
	}

}
