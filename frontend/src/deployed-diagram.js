// The deployed diagram of a page (process, docs): a bpmn-js viewer in the container,
// fed from the container's data-xml address and fitted to it. On failure the container
// says why and the caller gets null.
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';

export async function showDeployedDiagram(container) {
  const viewer = new NavigatedViewer({ container });
  try {
    const response = await fetch(container.dataset.xml, { credentials: 'same-origin' });
    if (!response.ok) {
      throw new Error(`the diagram could not be loaded (${response.status})`);
    }
    await viewer.importXML(await response.text());
  } catch (error) {
    container.textContent = `The diagram could not be shown: ${error.message}`;
    return null;
  }
  viewer.get('canvas').zoom('fit-viewport');
  return viewer;
}
