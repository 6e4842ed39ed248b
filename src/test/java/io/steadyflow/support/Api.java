package io.steadyflow.support;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * The REST API over real HTTP, as a given demo user (password "demo").
 */
public final class Api {

	private final TestRestTemplate rest;

	private final ObjectMapper json = new ObjectMapper();

	public Api(TestRestTemplate rest) {
		this.rest = rest;
	}

	/**
	 * An answer: status and parsed JSON body (a missing body parses as an empty node).
	 */
	public record Response(int status, JsonNode body, HttpHeaders headers) {

		public String text(String field) {
			return this.body.path(field).asText();
		}

	}

	public Response get(String user, String path) {
		return exchange(user, HttpMethod.GET, path, null, null);
	}

	public Response post(String user, String path, Object body) {
		return exchange(user, HttpMethod.POST, path, body, MediaType.APPLICATION_JSON);
	}

	public Response deploy(String user, Map<String, byte[]> files) {
		MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
		files.forEach((name, content) -> form.add("file", new ByteArrayResource(content) {
			@Override
			public String getFilename() {
				return name;
			}
		}));
		return exchange(user, HttpMethod.POST, "/api/deployments", form, MediaType.MULTIPART_FORM_DATA);
	}

	public Response deployFiles(String user, List<Map.Entry<String, byte[]>> files) {
		MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
		files.forEach((file) -> form.add("file", new ByteArrayResource(file.getValue()) {
			@Override
			public String getFilename() {
				return file.getKey();
			}
		}));
		return exchange(user, HttpMethod.POST, "/api/deployments", form, MediaType.MULTIPART_FORM_DATA);
	}

	public Response exchange(String user, HttpMethod method, String path, Object body, MediaType contentType) {
		HttpHeaders headers = new HttpHeaders();
		if (contentType != null) {
			headers.setContentType(contentType);
		}
		headers.setAccept(List.of(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON));
		TestRestTemplate client = (user != null) ? this.rest.withBasicAuth(user, "demo") : this.rest;
		ResponseEntity<String> response = client.exchange(path, method, new HttpEntity<>(body, headers), String.class);
		return new Response(response.getStatusCode().value(), parse(response.getBody()), response.getHeaders());
	}

	private JsonNode parse(String body) {
		if (body == null || body.isBlank()) {
			return this.json.createObjectNode();
		}
		try {
			return this.json.readTree(body);
		}
		catch (Exception ex) {
			return this.json.getNodeFactory().textNode(body);
		}
	}

}
