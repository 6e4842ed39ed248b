package io.steadyflow.docs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.steadyflow.support.Api;
import io.steadyflow.support.ErpProperty;
import io.steadyflow.support.H2Test;
import io.steadyflow.support.TestBpmn;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/processes/{key}/docs} over real HTTP: the documentation of a deployed
 * version as JSON and Markdown, per version, for the owner group, authors and operators
 * only, and problems for unknown processes and versions.
 */
@H2Test
class ProcessDocsApiTest {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ErpProperty.register(registry);
	}

	@Autowired
	TestRestTemplate rest;

	private Api api() {
		return new Api(this.rest);
	}

	@Test
	void theOwnerReadsTheMarkdownOfTheDeployedVersionAsTheCommandLineWritesIt() throws Exception {
		ResponseEntity<String> answer = get("fiona", "/api/processes/invoice-approval/docs?version=1", "text/markdown");
		assertThat(answer.getStatusCode().value()).isEqualTo(200);
		assertThat(answer.getHeaders().getContentType().isCompatibleWith(MediaType.parseMediaType("text/markdown")))
			.isTrue();
		String checkedIn = Files.readString(Path.of("docs/processes/invoice-approval.md"));
		assertThat(answer.getBody()).as("the same text as docs/processes, but for the version it names")
			.isEqualTo(checkedIn.replace("Process `invoice-approval`, from",
					"Process `invoice-approval`, version 1, from"));
	}

	@Test
	void authorsAndOperatorsGetTheDocumentModelAsJson() {
		Api.Response json = api().get("ada", "/api/processes/order-sync/docs");
		assertThat(json.status()).isEqualTo(200);
		assertThat(json.text("key")).isEqualTo("order-sync");
		assertThat(json.text("owner")).isEqualTo("integration-team");
		assertThat(json.body().path("steps").get(1).path("type").asText()).isEqualTo("step");
		assertThat(json.body().path("steps").get(1).path("id").asText()).isEqualTo("fetchOrder");
		assertThat(json.body().path("endings").findValuesAsText("outcome")).contains("done", "failed", "rejected");
		assertThat(api().get("otto", "/api/processes/order-sync/docs").status()).isEqualTo(200);
	}

	@Test
	void eachVersionHasItsOwnDocumentation() {
		String key = "docs-versions-" + System.nanoTime();
		String first = TestBpmn.userTaskProcess(key, "Review", "approvers");
		assertThat(api().deploy("ada", java.util.Map.of(key + ".bpmn20.xml", TestBpmn.bytes(first))).status())
			.isEqualTo(201);
		String second = first.replace("name=\"Review\"", "name=\"Review twice\"");
		assertThat(api().deploy("ada", java.util.Map.of(key + ".bpmn20.xml", TestBpmn.bytes(second))).status())
			.isEqualTo(201);

		assertThat(get("ada", "/api/processes/" + key + "/docs", "text/markdown").getBody()).contains("version 2",
				"**2. Review twice**");
		assertThat(get("ada", "/api/processes/" + key + "/docs?version=1", "text/markdown").getBody())
			.contains("version 1", "**2. Review**")
			.doesNotContain("Review twice");

		Api.Response unknownVersion = api().get("ada", "/api/processes/" + key + "/docs?version=3");
		assertThat(unknownVersion.status()).isEqualTo(404);
		assertThat(unknownVersion.text("detail")).contains("no version 3", "1 to 2");
		Api.Response notANumber = api().get("ada", "/api/processes/" + key + "/docs?version=latest");
		assertThat(notANumber.status()).isEqualTo(400);
		assertThat(notANumber.text("detail")).contains("'latest' is not a version number");
	}

	@Test
	void unknownProcessesAreNotFoundAlsoWhenMarkdownWasAskedFor() {
		Api.Response unknown = api().get("ada", "/api/processes/no-such-process/docs");
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.text("detail")).contains("no-such-process");
		ResponseEntity<String> markdown = get("ada", "/api/processes/no-such-process/docs", "text/markdown");
		assertThat(markdown.getStatusCode().value()).isEqualTo(404);
		assertThat(get("ada", "/api/processes/invoice-approval/docs", "application/xml").getStatusCode().value())
			.isEqualTo(406);
	}

	@Test
	void onlyTheOwnerGroupAuthorsOperatorsAndAdminsMayReadIt() {
		Api.Response worker = api().get("alex", "/api/processes/invoice-approval/docs");
		assertThat(worker.status()).isEqualTo(403);
		assertThat(worker.text("detail")).contains("owner group, authors, operators and admins");
		assertThat(api().get("maria", "/api/processes/invoice-approval/docs").status())
			.as("the owner of another process")
			.isEqualTo(403);
		assertThat(api().get("maria", "/api/processes/ticket-triage/docs").status()).isEqualTo(200);
		assertThat(api().get(null, "/api/processes/invoice-approval/docs").status()).isEqualTo(401);
	}

	private ResponseEntity<String> get(String user, String path, String accept) {
		HttpHeaders headers = new HttpHeaders();
		headers.setAccept(List.of(MediaType.parseMediaType(accept)));
		return this.rest.withBasicAuth(user, "demo")
			.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), String.class);
	}

}
