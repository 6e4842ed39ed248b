package io.steadyflow.deployment;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import io.steadyflow.ai.LabelsFile;
import io.steadyflow.bpmn.BpmnSource;
import io.steadyflow.bpmn.InvalidBpmnException;
import io.steadyflow.bpmn.SafeBpmnReader;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
@RequestMapping("/api/deployments")
@Tag(name = "Deployments", description = "Deploy BPMN files (roles author, admin)")
class DeploymentApiController {

	private final ProcessDeployer deployer;

	private final SafeBpmnReader reader;

	DeploymentApiController(ProcessDeployer deployer, SafeBpmnReader reader) {
		this.deployer = deployer;
		this.reader = reader;
	}

	@Operation(summary = "Deploy one or more .bpmn / .bpmn20.xml files or a .zip of them",
			description = "All files of a request are deployed together or not at all. Files identical to the latest "
					+ "deployment of the same name create no new version (newVersion=false). Labels files "
					+ "(*.labels.json) named by classify steps travel in the same deployment.")
	@PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	ResponseEntity<DeploymentResult> deploy(@RequestParam(name = "file", required = false) List<MultipartFile> uploads)
			throws IOException {
		if (uploads == null || uploads.isEmpty()) {
			throw new InvalidBpmnException("request", null,
					"no file: send one or more BPMN files in the multipart form field 'file'");
		}
		List<BpmnSource> files = new ArrayList<>();
		for (MultipartFile upload : uploads) {
			files.addAll(read(upload));
		}
		String name = files.stream().map(ProcessDeployer::resourceName).sorted().collect(Collectors.joining(", "));
		DeploymentResult result = this.deployer.deploy(files, name);
		URI location = URI.create("/api/process-definitions");
		return ResponseEntity.created(location).body(result);
	}

	private List<BpmnSource> read(MultipartFile upload) throws IOException {
		String fileName = baseName(upload.getOriginalFilename());
		String lower = fileName.toLowerCase(Locale.ROOT);
		if (lower.endsWith(".zip")) {
			long limit = this.reader.limits().maxArchiveSize().toBytes();
			return BpmnArchive.expand(fileName, readAtMost(upload, limit, fileName), this.reader.limits());
		}
		if (!BpmnSource.isBpmnFileName(fileName) && !LabelsFile.isLabelsFileName(fileName)) {
			throw new InvalidBpmnException(fileName, null,
					"not a BPMN upload: name it *.bpmn or *.bpmn20.xml (labels files *.labels.json), or send a .zip of such files");
		}
		return List
			.of(new BpmnSource(fileName, readAtMost(upload, this.reader.limits().maxFileSize().toBytes(), fileName)));
	}

	private static byte[] readAtMost(MultipartFile upload, long limit, String fileName) throws IOException {
		try (InputStream in = upload.getInputStream()) {
			byte[] content = SafeBpmnReader.readAtMost(in, limit);
			if (content.length > limit) {
				throw new InvalidBpmnException(fileName, null,
						"the file is larger than the limit of " + limit + " bytes");
			}
			return content;
		}
	}

	private static String baseName(String originalName) {
		if (originalName == null || originalName.isBlank()) {
			return "upload";
		}
		String name = originalName.replace('\\', '/');
		return name.substring(name.lastIndexOf('/') + 1);
	}

	@ExceptionHandler(DeploymentProblemException.class)
	ProblemDetail problems(DeploymentProblemException ex) {
		return ex.toProblemDetail();
	}

}
