package io.steadyflow.modeler;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import io.steadyflow.bpmn.BpmnSource;
import io.steadyflow.bpmn.InvalidBpmnException;
import io.steadyflow.bpmn.SafeBpmnReader;
import io.steadyflow.readiness.FileReport;
import io.steadyflow.readiness.ReadinessLinter;

import org.springframework.stereotype.Component;
import org.springframework.web.multipart.MultipartFile;

/**
 * An uploaded Camunda 7 file converted and then linted, for the REST API and the modeler
 * alike.
 */
@Component
class Camunda7Import {

	private final Camunda7Converter converter;

	private final ReadinessLinter linter;

	private final SafeBpmnReader reader;

	Camunda7Import(SafeBpmnReader reader, ReadinessLinter linter) {
		this.converter = new Camunda7Converter(reader);
		this.linter = linter;
		this.reader = reader;
	}

	/**
	 * @param fileName the converted file's name
	 * @param bpmn the converted model, to save in processes/ or open in a modeler
	 * @param notes every Camunda item: converted, approximated (with how it differs) or
	 * lost (with what to do instead)
	 * @param readiness the readiness findings of the converted model: what the author
	 * must add before it can be deployed
	 */
	record ImportResponse(String fileName, String bpmn, List<ConversionNote> notes, FileReport readiness) {
	}

	ImportResponse convert(MultipartFile file) throws IOException {
		if (file == null || file.isEmpty()) {
			throw new InvalidBpmnException("request", null,
					"no file: send the Camunda 7 BPMN file in the form field 'file'");
		}
		String name = (file.getOriginalFilename() != null && !file.getOriginalFilename().isBlank())
				? file.getOriginalFilename().replaceAll("^.*[/\\\\]", "") : "camunda7.bpmn";
		long limit = this.reader.limits().maxFileSize().toBytes();
		byte[] content;
		try (InputStream in = file.getInputStream()) {
			content = SafeBpmnReader.readAtMost(in, limit);
		}
		if (content.length > limit) {
			throw new InvalidBpmnException(name, null, "the file is larger than the limit of " + limit + " bytes");
		}
		ConversionResult result = this.converter.convert(new BpmnSource(name, content));
		FileReport readiness = this.linter.lint(new BpmnSource(result.fileName(), result.xml()));
		return new ImportResponse(result.fileName(), result.xmlText(), result.notes(), readiness);
	}

}
