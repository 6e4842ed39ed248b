package io.steadyflow.triggers;

import java.sql.Timestamp;
import java.util.List;
import java.util.Map;

import org.flowable.common.engine.api.delegate.Expression;
import org.flowable.common.engine.api.variable.VariableContainer;
import org.flowable.common.engine.impl.el.ExpressionManager;
import org.flowable.common.engine.impl.variable.MapDelegateVariableContainer;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Which executions wait for which message under which correlation key (table
 * {@code sf_message_wait}). Flowable keeps the message subscriptions but knows no
 * correlation keys; a row is written in the transaction that creates the subscription,
 * with the key evaluated from the declared {@code sf:correlationKey} at that moment, and
 * removed in the one that ends it. A message is only ever delivered to an execution whose
 * subscription still exists, so a row left by an unusual end (an instance deleted
 * outright) misleads nobody.
 */
@Component
class MessageWaits {

	private final JdbcTemplate jdbc;

	MessageWaits(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** One waiting execution. */
	record Wait(String executionId, String processInstanceId, String activityId) {
	}

	void add(String executionId, String processInstanceId, String activityId, String messageName, String correlationKey,
			Timestamp now) {
		this.jdbc.update("DELETE FROM sf_message_wait WHERE execution_id = ? AND message_name = ?", executionId,
				messageName);
		this.jdbc.update("""
				INSERT INTO sf_message_wait (execution_id, message_name, correlation_key, process_instance_id,
				       activity_id, created_at)
				VALUES (?, ?, ?, ?, ?, ?)""", executionId, messageName, correlationKey, processInstanceId, activityId,
				now);
	}

	void remove(String executionId, String messageName) {
		this.jdbc.update("DELETE FROM sf_message_wait WHERE execution_id = ? AND message_name = ?", executionId,
				messageName);
	}

	List<Wait> find(String messageName, String correlationKey) {
		String sql = "SELECT execution_id, process_instance_id, activity_id FROM sf_message_wait WHERE message_name = ? AND "
				+ ((correlationKey != null) ? "correlation_key = ?" : "correlation_key IS NULL")
				+ " ORDER BY created_at";
		Object[] args = (correlationKey != null) ? new Object[] { messageName, correlationKey }
				: new Object[] { messageName };
		return this.jdbc.query(sql, (row, i) -> new Wait(row.getString(1), row.getString(2), row.getString(3)), args);
	}

	/**
	 * The key a correlation expression gives over the variables: the instance's when it
	 * starts waiting, a mapped payload's when a webhook or queue message arrives. Blank
	 * counts as none.
	 */
	static String key(ExpressionManager expressions, String correlationExpression, VariableContainer variables) {
		if (correlationExpression == null) {
			return null;
		}
		Expression expression = expressions.createExpression(correlationExpression);
		Object value = expression.getValue(variables);
		return (value == null || value.toString().isBlank()) ? null : value.toString();
	}

	static String key(ExpressionManager expressions, String correlationExpression, Map<String, Object> variables) {
		return key(expressions, correlationExpression,
				new MapDelegateVariableContainer(variables, VariableContainer.empty()));
	}

}
