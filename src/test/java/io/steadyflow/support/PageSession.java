package io.steadyflow.support;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A browser-like session over real HTTP: signs in through the login form, keeps the
 * session cookie and sends the CSRF token the last page was rendered with.
 */
public final class PageSession {

	private static final Pattern HIDDEN_CSRF = Pattern
		.compile("<input[^>]*name=\"_csrf\"[^>]*value=\"([^\"]+)\"|<input[^>]*value=\"([^\"]+)\"[^>]*name=\"_csrf\"");

	private static final Pattern META = Pattern.compile("<meta name=\"(_csrf(?:_header)?)\" content=\"([^\"]+)\"");

	private final HttpClient client = HttpClient.newBuilder()
		.cookieHandler(new CookieManager())
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	private final ObjectMapper json = new ObjectMapper();

	private final String base;

	private String csrfHeader;

	private String csrfToken;

	private PageSession(int port) {
		this.base = "http://localhost:" + port;
	}

	/** An answer: status, body text, and the body parsed when it is JSON. */
	public record Answer(int status, String text, JsonNode body) {
	}

	/** A session that has not signed in. */
	public static PageSession anonymous(int port) {
		return new PageSession(port);
	}

	/** Signs in as the demo user and opens the modeler page to take its CSRF token. */
	public static PageSession signIn(int port, String user) throws IOException, InterruptedException {
		PageSession session = new PageSession(port);
		String loginPage = session.send(HttpRequest.newBuilder(session.uri("/login")).GET()).text();
		Matcher hidden = HIDDEN_CSRF.matcher(loginPage);
		assertThat(hidden.find()).as("the login form carries a CSRF token").isTrue();
		String token = (hidden.group(1) != null) ? hidden.group(1) : hidden.group(2);
		String form = "username=" + user + "&password=demo&_csrf=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
		Answer login = session.send(HttpRequest.newBuilder(session.uri("/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form)));
		assertThat(login.status()).as("signing in redirects").isEqualTo(302);
		Answer page = session.get("/modeler");
		if (page.status() != 200) {
			// not an author: the sign-out form of every page carries the token
			Matcher signOut = HIDDEN_CSRF.matcher(session.get("/tasks").text());
			if (signOut.find()) {
				session.csrfHeader = "X-CSRF-TOKEN";
				session.csrfToken = (signOut.group(1) != null) ? signOut.group(1) : signOut.group(2);
			}
		}
		else {
			Matcher meta = META.matcher(page.text());
			while (meta.find()) {
				if (meta.group(1).equals("_csrf")) {
					session.csrfToken = meta.group(2);
				}
				else {
					session.csrfHeader = meta.group(2);
				}
			}
		}
		return session;
	}

	public Answer get(String path) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(uri(path)).header("Accept", "*/*").GET());
	}

	public Answer postJson(String path, Object body) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.header("Accept", "application/json, application/problem+json")
			.POST(HttpRequest.BodyPublishers.ofString(this.json.writeValueAsString(body)));
		if (this.csrfToken != null) {
			request.header(this.csrfHeader, this.csrfToken);
		}
		return send(request);
	}

	/**
	 * Any request with a raw body (or none), with the session's CSRF token when it has
	 * one.
	 */
	public Answer send(String method, String path, String contentType, String body)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
			.header("Accept", "application/json, application/problem+json, text/html")
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		if (this.csrfToken != null) {
			request.header(this.csrfHeader, this.csrfToken);
		}
		return send(request);
	}

	/** Posts without the CSRF token, as a forged cross-site request would. */
	public Answer postJsonWithoutCsrf(String path, Object body) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(this.json.writeValueAsString(body))));
	}

	public Answer postFile(String path, String fileName, byte[] content) throws IOException, InterruptedException {
		String boundary = "----steadyflow-test-boundary";
		byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
				+ "\"\r\nContent-Type: application/xml\r\n\r\n")
			.getBytes(StandardCharsets.UTF_8);
		byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
		byte[] body = new byte[head.length + content.length + tail.length];
		System.arraycopy(head, 0, body, 0, head.length);
		System.arraycopy(content, 0, body, head.length, content.length);
		System.arraycopy(tail, 0, body, head.length + content.length, tail.length);
		return send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.header("Accept", "application/json, application/problem+json")
			.header(this.csrfHeader, this.csrfToken)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body)));
	}

	private URI uri(String path) {
		return URI.create(this.base + path);
	}

	private Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
		HttpResponse<String> response = this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
		JsonNode body = this.json.createObjectNode();
		String type = response.headers().firstValue("Content-Type").orElse("");
		if (type.contains("json") && !response.body().isBlank()) {
			body = this.json.readTree(response.body());
		}
		return new Answer(response.statusCode(), response.body(), body);
	}

}
