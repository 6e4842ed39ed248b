package io.steadyflow.examples.ordersync;

/**
 * Variable names of the order-sync workflow (processes/order-sync.bpmn20.xml), shared by
 * its delegates, the diagram's tool fields and tests.
 */
public final class OrderSyncVariables {

	/** The order's id in the source system; set when the instance starts. */
	public static final String ORDER_ID = "orderId";

	/** The order as the source system returned it (JSON). */
	public static final String SOURCE_ORDER = "sourceOrder";

	/** The order in the target system's form (JSON), posted to it. */
	public static final String TARGET_ORDER = "targetOrder";

	/** What does not match in the source order, for the person who checks it. */
	public static final String ORDER_PROBLEMS = "orderProblems";

	/** The target system's id of the posted order. */
	public static final String TARGET_ORDER_ID = "targetOrderId";

	/** Why a system refused a call (a 4xx answer). */
	public static final String SYNC_ERROR = "syncError";

	/** BPMN error code: the source order's data do not match (or are incomplete). */
	public static final String ORDER_MISMATCH = "ORDER_MISMATCH";

	private OrderSyncVariables() {
	}

}
