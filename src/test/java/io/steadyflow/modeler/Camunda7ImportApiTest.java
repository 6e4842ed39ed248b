package io.steadyflow.modeler;

import java.io.InputStream;

import com.fasterxml.jackson.databind.JsonNode;
import io.steadyflow.support.Api;
import io.steadyflow.support.Api.Response;
import io.steadyflow.support.ErpProperty;
import io.steadyflow.support.H2Test;
import io.steadyflow.support.TestBpmn;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.LinkedMultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;

@H2Test
class Camunda7ImportApiTest {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ErpProperty.register(registry);
	}

	@Autowired
	TestRestTemplate rest;

	@Test
	void importConvertsReportsLossesAndLintsTheResult() throws Exception {
		byte[] camunda;
		try (InputStream in = getClass().getResourceAsStream("/camunda7/user-tasks-with-forms.bpmn")) {
			camunda = in.readAllBytes();
		}
		Response response = upload(camunda);

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.text("fileName")).isEqualTo("camunda.bpmn20.xml");
		assertThat(response.text("bpmn")).contains("flowable:candidateGroups=\"managers\"").doesNotContain("camunda:");
		JsonNode notes = response.body().path("notes");
		assertThat(notes.findValuesAsText("kind")).contains("converted", "approximated", "lost");
		assertThat(response.body().path("readiness").path("findings").findValuesAsText("rule")).contains("owner");
	}

	@Test
	void importOfABrokenFileIsABadRequest() {
		Response response = upload(TestBpmn.bytes("<bpmn:definitions"));
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.text("detail")).contains("camunda.bpmn");
	}

	private Response upload(byte[] content) {
		LinkedMultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
		form.add("file", new org.springframework.core.io.ByteArrayResource(content) {
			@Override
			public String getFilename() {
				return "camunda.bpmn";
			}
		});
		return new Api(this.rest).exchange("ada", HttpMethod.POST, "/api/import/camunda7", form,
				MediaType.MULTIPART_FORM_DATA);
	}

}
