package io.steadyflow.modeler;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The web modeler page (roles author and admin); its script talks to /modeler/api. */
@Controller
class ModelerPageController {

	@GetMapping("/modeler")
	String modeler() {
		return "modeler/index";
	}

}
