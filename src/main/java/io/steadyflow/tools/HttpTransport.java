package io.steadyflow.tools;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.steadyflow.metrics.ToolCallResult;
import io.steadyflow.metrics.WorkflowMetrics;

import org.springframework.stereotype.Component;

/**
 * The one HTTP client of the tools. Every call has a deadline for the whole exchange
 * (connecting, headers and body: a server that sends its headers and then trickles the
 * body still times out) and a cap on the size of the answer. Answers are sorted into the
 * three kinds the workflows treat differently: success (2xx), refusal (4xx other than 408
 * and 429: a business problem) and technical failure (everything else, thrown as
 * {@link ToolFailure}). Public for the typed clients of a team's own tools.
 */
@Component
public class HttpTransport {

	/** Answers larger than this are a technical failure rather than a memory problem. */
	static final int MAX_ANSWER_BYTES = 5 * 1024 * 1024;

	/**
	 * An answer that arrived.
	 *
	 * @param status the HTTP status
	 * @param body the body as text (UTF-8)
	 */
	public record Answer(int status, String body) {

		public boolean success() {
			return this.status >= 200 && this.status < 300;
		}

		/**
		 * A 4xx the caller must act on; 408 (request timeout) and 429 (too many requests)
		 * are the server's momentary state and are retried like a 5xx.
		 */
		public boolean refused() {
			return this.status >= 400 && this.status < 500 && this.status != 408 && this.status != 429;
		}

		public String abbreviatedBody() {
			return abbreviate(this.body);
		}

	}

	private final HttpClient client;

	private final WorkflowMetrics metrics;

	HttpTransport(WorkflowMetrics metrics) {
		this.metrics = metrics;
		// Redirects are not followed: a POST that is redirected has not been
		// posted, and
		// a redirect to another host must not receive the step's credentials.
		this.client = HttpClient.newBuilder()
			.connectTimeout(Duration.ofSeconds(10))
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	/**
	 * Sends the request and waits at most {@code timeout} for the complete answer.
	 * @param what names the call in failure messages (e.g. "GET http://...")
	 * @return the answer, whatever its status
	 * @throws ToolFailure when no complete answer arrived in time or at all
	 */
	public Answer exchange(HttpRequest request, Duration timeout, String what) {
		return exchange(request, timeout, what, WorkflowMetrics.RAW_URL);
	}

	/**
	 * Like {@link #exchange(HttpRequest, Duration, String)}, and counted under the
	 * system's name in {@code steadyflow_tool_calls_total}: every attempt, at once,
	 * because the other system received it whether or not the step commits.
	 * @param system the configured system's name, or {@link WorkflowMetrics#RAW_URL};
	 * never the URL itself (one time series per URL would be unbounded)
	 */
	public Answer exchange(HttpRequest request, Duration timeout, String what, String system) {
		long started = System.nanoTime();
		ToolCallResult result = ToolCallResult.FAILED;
		try {
			Answer answer = send(request, timeout, what);
			result = answer.success() ? ToolCallResult.SUCCESS
					: answer.refused() ? ToolCallResult.REFUSED : ToolCallResult.FAILED;
			return answer;
		}
		finally {
			this.metrics.toolCall(system, result, Duration.ofNanos(System.nanoTime() - started));
		}
	}

	private Answer send(HttpRequest request, Duration timeout, String what) {
		CompletableFuture<HttpResponse<byte[]>> future = this.client.sendAsync(request,
				(info) -> new LimitedBody(MAX_ANSWER_BYTES));
		try {
			HttpResponse<byte[]> response = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			return new Answer(response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
		}
		catch (TimeoutException ex) {
			future.cancel(true);
			throw new ToolFailure(what + " did not answer within " + timeout.toMillis() + " ms", ex);
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			if (cause instanceof HttpConnectTimeoutException) {
				throw new ToolFailure(what + " could not connect within " + timeout.toMillis() + " ms", cause);
			}
			if (cause instanceof HttpTimeoutException) {
				// the request's own timer can fire just before this thread's deadline
				throw new ToolFailure(what + " did not answer within " + timeout.toMillis() + " ms", cause);
			}
			throw new ToolFailure(what + " failed: " + describe(cause), cause);
		}
		catch (InterruptedException ex) {
			future.cancel(true);
			Thread.currentThread().interrupt();
			throw new ToolFailure(what + " was interrupted", ex);
		}
	}

	/** A request builder with the per-call timeout already set. */
	public static HttpRequest.Builder request(URI uri, Duration timeout) {
		return HttpRequest.newBuilder(uri).timeout(timeout);
	}

	public static String abbreviate(String text) {
		if (text == null) {
			return "";
		}
		return (text.length() > 300) ? text.substring(0, 300) + "..." : text;
	}

	private static String describe(Throwable cause) {
		String message = cause.getMessage();
		String type = cause.getClass().getSimpleName();
		return (message == null || message.isBlank()) ? type : type + ": " + message;
	}

	/** Collects the body, and gives up (as an error) beyond the cap. */
	private static final class LimitedBody implements BodySubscriber<byte[]> {

		private final BodySubscriber<byte[]> bytes = BodySubscribers.ofByteArray();

		private final long limit;

		private long received;

		private Flow.Subscription subscription;

		private boolean failed;

		LimitedBody(long limit) {
			this.limit = limit;
		}

		@Override
		public CompletableFuture<byte[]> getBody() {
			return this.bytes.getBody().toCompletableFuture();
		}

		@Override
		public void onSubscribe(Flow.Subscription subscription) {
			this.subscription = subscription;
			this.bytes.onSubscribe(subscription);
		}

		@Override
		public void onNext(List<ByteBuffer> items) {
			if (this.failed) {
				return;
			}
			for (ByteBuffer item : items) {
				this.received += item.remaining();
			}
			if (this.received > this.limit) {
				this.failed = true;
				this.subscription.cancel();
				this.bytes.onError(new IOException("answer larger than " + this.limit + " bytes"));
				return;
			}
			this.bytes.onNext(items);
		}

		@Override
		public void onError(Throwable throwable) {
			if (!this.failed) {
				this.bytes.onError(throwable);
			}
		}

		@Override
		public void onComplete() {
			if (!this.failed) {
				this.bytes.onComplete();
			}
		}

	}

}
