// The documentation page of a process (/processes/{key}/docs): the deployed diagram
// (bpmn-js viewer) with each documented step carrying its number from the text. Clicking
// a step on the diagram scrolls the text to it; the numbers come from the page itself.
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';

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
  const viewer = new NavigatedViewer({ container });
  try {
    const response = await fetch(container.dataset.xml, { credentials: 'same-origin' });
    if (!response.ok) {
      throw new Error(`the diagram could not be loaded (${response.status})`);
    }
    await viewer.importXML(await response.text());
  } catch (error) {
    container.textContent = `The diagram could not be shown: ${error.message}`;
    return;
  }
  const canvas = viewer.get('canvas');
  const overlays = viewer.get('overlays');
  const registry = viewer.get('elementRegistry');
  canvas.zoom('fit-viewport');
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
