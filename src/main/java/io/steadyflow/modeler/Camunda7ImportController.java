package io.steadyflow.modeler;

import java.io.IOException;

import io.steadyflow.modeler.Camunda7Import.ImportResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
@Tag(name = "Import", description = "Bring Camunda 7 models over to Flowable form")
class Camunda7ImportController {

	private final Camunda7Import camunda7Import;

	Camunda7ImportController(Camunda7Import camunda7Import) {
		this.camunda7Import = camunda7Import;
	}

	@Operation(summary = "Convert a Camunda 7 (Camunda Modeler) BPMN file to Flowable form",
			description = "Nothing is deployed. Every camunda: item is reported as converted, approximated or lost, "
					+ "with its element id; the result is linted like any other diagram.")
	@PostMapping(path = "/api/import/camunda7", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	ImportResponse importCamunda7(@RequestParam(name = "file", required = false) MultipartFile file)
			throws IOException {
		return this.camunda7Import.convert(file);
	}

}
