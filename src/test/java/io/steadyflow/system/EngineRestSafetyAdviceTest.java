package io.steadyflow.system;

import org.flowable.bpmn.exceptions.XMLException;
import org.flowable.common.engine.api.FlowableException;
import org.flowable.common.engine.api.FlowableIllegalArgumentException;
import org.flowable.common.engine.api.FlowableObjectNotFoundException;
import org.flowable.common.engine.api.FlowableOptimisticLockingException;
import org.flowable.common.engine.api.FlowableTaskAlreadyClaimedException;
import org.junit.jupiter.api.Test;

import org.springframework.http.ProblemDetail;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Engine exceptions become answers the client can act on, also in Flowable's own REST API
 * where Flowable itself answers 500 for several of them.
 */
class EngineRestSafetyAdviceTest {

	final EngineRestSafetyAdvice advice = new EngineRestSafetyAdvice();

	@Test
	void concurrentModificationIsAConflict() {
		ProblemDetail problem = this.advice
			.engine(new FlowableOptimisticLockingException("ACT_RU_TASK updated by another"));
		assertThat(problem.getStatus()).isEqualTo(409);
		assertThat(problem.getDetail()).contains("changed by another request").doesNotContain("ACT_RU_TASK");
	}

	@Test
	void claimedTaskIsAConflictNamingTheHolder() {
		ProblemDetail problem = this.advice.engine(new FlowableTaskAlreadyClaimedException("t1", "alex"));
		assertThat(problem.getStatus()).isEqualTo(409);
		assertThat(problem.getDetail()).contains("alex");
	}

	@Test
	void missingObjectIsNotFoundAndBadArgumentIsBadRequest() {
		assertThat(this.advice.engine(new FlowableObjectNotFoundException("no task")).getStatus()).isEqualTo(404);
		assertThat(this.advice.engine(new FlowableIllegalArgumentException("bad")).getStatus()).isEqualTo(400);
	}

	@Test
	void wrappedParserErrorIsBadRequestWithTheParsersWords() {
		FlowableException wrapped = new FlowableException("javax.xml.transform.TransformerException: ...",
				new XMLException("cvc-complex-type.4: Attribute 'targetNamespace' must appear"));
		ProblemDetail problem = this.advice.engine(wrapped);
		assertThat(problem.getStatus()).isEqualTo(400);
		assertThat(problem.getDetail()).contains("targetNamespace").doesNotContain("TransformerException");
	}

	@Test
	void unknownEngineFailureIsAServerErrorWithoutInternals() {
		ProblemDetail problem = this.advice.engine(new FlowableException("NPE in org.flowable.Foo line 12"));
		assertThat(problem.getStatus()).isEqualTo(500);
		assertThat(problem.getDetail()).doesNotContain("org.flowable");
	}

}
