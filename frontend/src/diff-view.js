// The diff page of a process (/processes/{key}/diff): both versions drawn with bpmn-js
// viewers, each element the diff names coloured — added (green) in the newer diagram,
// removed (red) in the older one, changed (amber) and rerouted flows (blue) in both. The
// colours come from the server's own diff (a JSON block in the page), so the drawing and
// the list of changes always agree.
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import { layoutProcess } from 'bpmn-auto-layout';

const diff = JSON.parse(document.getElementById('diff-json').textContent);

/** The marker each side gets for a change, or null when that side does not have the element. */
export function markerFor(change, side) {
  switch (change.kind) {
    case 'added':
      return side === 'to' ? 'diff-added' : null;
    case 'removed':
      return side === 'from' ? 'diff-removed' : null;
    case 'rerouted':
      return 'diff-rerouted';
    default:
      return 'diff-changed';
  }
}

async function draw(side) {
  const container = document.getElementById(`diagram-${side}`);
  if (!container || !container.dataset.xml) {
    return;
  }
  const viewer = new NavigatedViewer({ container });
  try {
    const response = await fetch(container.dataset.xml, { credentials: 'same-origin' });
    if (!response.ok) {
      throw new Error(`the diagram could not be loaded (${response.status})`);
    }
    let xml = await response.text();
    // a diagram deployed without diagram interchange (hand-written, generated) is laid out here
    if (!/BPMNDiagram/.test(xml)) {
      xml = await layoutProcess(xml);
    }
    await viewer.importXML(xml);
  } catch (error) {
    container.textContent = `The diagram could not be shown: ${error.message}`;
    return;
  }
  const canvas = viewer.get('canvas');
  const registry = viewer.get('elementRegistry');
  canvas.zoom('fit-viewport');
  let marked = 0;
  for (const change of diff.changes) {
    const marker = markerFor(change, side);
    if (marker && change.category !== 'process' && registry.get(change.elementId)) {
      canvas.addMarker(change.elementId, marker);
      marked += 1;
    }
  }
  container.dataset.marked = String(marked);
  // clicking a change in the list shows it in both diagrams
  document.querySelectorAll('[data-element]').forEach((row) => {
    row.addEventListener('click', () => {
      const element = registry.get(row.dataset.element);
      if (element && !element.waypoints) {
        canvas.scrollToElement(element);
      }
    });
  });
}

draw('from');
draw('to');
