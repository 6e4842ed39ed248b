package io.steadyflow.readiness;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The readiness page: deployed process definitions and what the linter says of them. */
@Controller
class ReadinessPageController {

	private final DeployedReadiness deployedReadiness;

	ReadinessPageController(DeployedReadiness deployedReadiness) {
		this.deployedReadiness = deployedReadiness;
	}

	@GetMapping("/readiness")
	String readiness(Model model) {
		model.addAttribute("definitions", this.deployedReadiness.latestDefinitions());
		model.addAttribute("rules", ReadinessRule.values());
		return "readiness/index";
	}

}
