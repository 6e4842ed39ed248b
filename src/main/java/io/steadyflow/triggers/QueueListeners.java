package io.steadyflow.triggers;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import io.steadyflow.system.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareMessageListener;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;

/**
 * Listens to the queues that the deployed processes declare ({@code sf:queue}), with a
 * Spring AMQP listener container per queue, and keeps the set in step with deployments
 * (checked every {@code steadyflow.triggers.queue-refresh}).
 * <p>
 * A message is acknowledged only after the transaction that started or resumed its
 * instance committed ({@link Deliveries}); if the node dies in between, the broker
 * delivers it again and its message id, already recorded, starts nothing twice. A message
 * that can never be used (not JSON, a payload the mapping cannot read, no instance
 * waiting for it) is a poison message: it goes to the queue's dead-letter queue
 * {@code <queue>.dead} with the reason in a header, is recorded for operators
 * ({@link DeadLetters}) and acknowledged, so it never blocks the queue. Anything else
 * (the database unreachable) is returned to the queue to be tried again. When the broker
 * is down, start-up still succeeds; the containers reconnect on their own.
 */
class QueueListeners implements DisposableBean {

	static final String REASON_HEADER = "x-steadyflow-reason";

	private static final Logger logger = LoggerFactory.getLogger(QueueListeners.class);

	private final ConnectionFactory connectionFactory;

	private final DeployedTriggers triggers;

	private final Deliveries deliveries;

	private final DeadLetters deadLetters;

	private final ObjectMapper json;

	private final Duration refresh;

	private final Map<String, SimpleMessageListenerContainer> containers = new ConcurrentHashMap<>();

	private final Set<String> declared = ConcurrentHashMap.newKeySet();

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "steadyflow-queues");
		thread.setDaemon(true);
		return thread;
	});

	QueueListeners(ConnectionFactory connectionFactory, DeployedTriggers triggers, Deliveries deliveries,
			DeadLetters deadLetters, ObjectMapper json, Duration refresh) {
		this.connectionFactory = connectionFactory;
		this.triggers = triggers;
		this.deliveries = deliveries;
		this.deadLetters = deadLetters;
		this.json = json;
		this.refresh = refresh;
	}

	@EventListener(ApplicationReadyEvent.class)
	void start() {
		this.scheduler.scheduleWithFixedDelay(this::refresh, 0, this.refresh.toMillis(), TimeUnit.MILLISECONDS);
	}

	/** The queues listened to now. */
	Set<String> queues() {
		return new TreeSet<>(this.containers.keySet());
	}

	/** Starts a listener for every declared queue that has none; stops the others. */
	synchronized void refresh() {
		try {
			Set<String> wanted = new TreeSet<>();
			this.triggers.all()
				.stream()
				.filter((trigger) -> trigger.queue() != null)
				.forEach((trigger) -> wanted.add(trigger.queue()));
			for (String queue : wanted) {
				declare(queue);
				this.containers.computeIfAbsent(queue, this::listen);
			}
			for (String queue : Set.copyOf(this.containers.keySet())) {
				if (!wanted.contains(queue)) {
					this.containers.remove(queue).stop();
				}
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Queue listeners not refreshed: {}", ex.getMessage());
		}
	}

	/**
	 * Declares the queue and its dead-letter queue (durable) once per node, while the
	 * broker is reachable; a queue that exists already is left as it is.
	 */
	private void declare(String queue) {
		if (this.declared.contains(queue)) {
			return;
		}
		try {
			RabbitAdmin admin = new RabbitAdmin(this.connectionFactory);
			admin.declareQueue(new Queue(queue, true));
			admin.declareQueue(new Queue(queue + ".dead", true));
			this.declared.add(queue);
		}
		catch (RuntimeException ex) {
			logger.warn("Queue '{}' not declared (broker unreachable?): {}", queue, ex.getMessage());
		}
	}

	private SimpleMessageListenerContainer listen(String queue) {
		SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(this.connectionFactory);
		container.setQueueNames(queue);
		container.setAcknowledgeMode(AcknowledgeMode.MANUAL);
		container.setMissingQueuesFatal(false);
		container.setPrefetchCount(10);
		container.setRecoveryInterval(2000);
		container
			.setMessageListener((ChannelAwareMessageListener) (message, channel) -> receive(queue, message, channel));
		container.start();
		return container;
	}

	private void receive(String queue, Message message, Channel channel) throws java.io.IOException {
		long tag = message.getMessageProperties().getDeliveryTag();
		String messageId = message.getMessageProperties().getMessageId();
		try {
			DeclaredTrigger trigger = this.triggers.queue(queue).stream().findFirst().orElse(null);
			if (trigger == null) {
				throw new Poison("No deployed process declares queue '" + queue + "' any more.");
			}
			JsonNode payload = parse(message.getBody());
			Map<String, Object> variables = (trigger.mapping() != null) ? trigger.mapping().read(payload) : Map.of();
			String businessKey = null;
			if (trigger.businessKeyPath() != null) {
				JsonNode key = payload.at(PayloadMapping.pointer(trigger.businessKeyPath()));
				if (key.isMissingNode() || key.isNull() || key.asText().isBlank()) {
					throw new Poison("The payload has no business key at " + trigger.businessKeyPath() + ".");
				}
				businessKey = key.asText();
			}
			String deliveryId = (messageId != null && !messageId.isBlank()) ? messageId.strip() : null;
			this.deliveries.deliver(trigger, deliveryId, variables, businessKey);
		}
		catch (Poison | PayloadMapping.MissingValue ex) {
			deadLetter(queue, message, channel, ex.getMessage());
			return;
		}
		catch (ProblemException ex) {
			// a refusal that a repeat would meet again: nobody waits, several wait, a
			// business key already used
			deadLetter(queue, message, channel, ex.getMessage());
			return;
		}
		catch (RuntimeException ex) {
			logger.warn("Message {} of queue '{}' failed, returned to the queue: {}", messageId, queue, ex.toString());
			channel.basicNack(tag, false, true);
			return;
		}
		// Only now that the delivery committed. If the connection dropped meanwhile, the
		// acknowledgement is lost with it: the broker delivers the message again, and its
		// recorded message id answers the repeat without starting anything twice.
		channel.basicAck(tag, false);
	}

	private JsonNode parse(byte[] body) {
		try {
			JsonNode payload = this.json.readTree(body);
			if (payload == null || payload.isMissingNode()) {
				throw new Poison("The message body is empty.");
			}
			return payload;
		}
		catch (JsonProcessingException ex) {
			throw new Poison("The message body is not valid JSON: " + ex.getOriginalMessage());
		}
		catch (java.io.IOException ex) {
			throw new Poison("The message body cannot be read: " + ex.getMessage());
		}
	}

	/**
	 * Publishes the message to the dead-letter queue with the reason, records it for
	 * operators, then acknowledges it; the publish and the acknowledgement share the
	 * listener's channel.
	 */
	private void deadLetter(String queue, Message message, Channel channel, String reason) throws java.io.IOException {
		String messageId = message.getMessageProperties().getMessageId();
		logger.info("Message {} of queue '{}' set aside: {}", messageId, queue, reason);
		Map<String, Object> headers = new java.util.HashMap<>(message.getMessageProperties().getHeaders());
		headers.put(REASON_HEADER, reason);
		headers.put("x-steadyflow-queue", queue);
		AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().messageId(messageId)
			.contentType(message.getMessageProperties().getContentType())
			.deliveryMode(2)
			.headers(headers)
			.build();
		channel.basicPublish("", queue + ".dead", properties, message.getBody());
		this.deadLetters.record(queue, messageId, reason, message.getBody());
		channel.basicAck(message.getMessageProperties().getDeliveryTag(), false);
	}

	@Override
	public void destroy() {
		this.scheduler.shutdownNow();
		this.containers.values().forEach(SimpleMessageListenerContainer::stop);
	}

	/** A message that can never start or resume anything. */
	static final class Poison extends RuntimeException {

		Poison(String message) {
			super(message, null, false, false);
		}

	}

}
