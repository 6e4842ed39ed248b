// The documentation page of a process (/processes/{key}/docs): the deployed diagram
// (bpmn-js viewer) with each documented step carrying its number from the text. Clicking
// a step on the diagram scrolls the text to it; the numbers come from the page itself.
import { showDeployedDiagram } from './deployed-diagram.js';

function goTo(id) {
  const item = document.getElementById(`step-${id}`);
  if (!item) {
    return;
  }
  document.querySelectorAll('.doc-step.current').forEach((other) => other.classList.remove('current'));
  item.classList.add('current');
  item.scrollIntoView({ block: 'start' });
  history.replaceState(null, '', `#step-${id}`);
}

async function drawDiagram() {
  const container = document.getElementById('docs-diagram');
  if (!container) {
    return;
  }
  const viewer = await showDeployedDiagram(container);
  if (!viewer) {
    return;
  }
  const canvas = viewer.get('canvas');
  const overlays = viewer.get('overlays');
  const registry = viewer.get('elementRegistry');
  let drawn = 0;
  for (const item of document.querySelectorAll('.doc-step[data-step]')) {
    const element = registry.get(item.dataset.step);
    if (!element || element.waypoints) {
      continue;
    }
    const badge = document.createElement('button');
    badge.type = 'button';
    badge.className = 'step-badge';
    badge.dataset.step = element.id;
    badge.textContent = item.dataset.number;
    badge.title = `Step ${item.dataset.number}: go to its description`;
    badge.addEventListener('click', () => goTo(element.id));
    overlays.add(element.id, 'step-number', { position: { top: -10, left: -10 }, html: badge });
    canvas.addMarker(element.id, 'documented-step');
    drawn += 1;
  }
  viewer.get('eventBus').on('element.click', (event) => goTo(event.element.id));
  container.dataset.overlays = String(drawn);
}

drawDiagram();
