// The owner's page of a process (/processes/{key}): the started/ended-per-day chart
// (Chart.js) and the deployed diagram (bpmn-js viewer) with every step overlaid by how
// many instances wait there now and the average time spent there. The figures come from
// the page itself (a JSON block the server rendered), so the page makes no API calls
// besides loading the diagram.
import Chart from 'chart.js/auto';
import { showDeployedDiagram } from './deployed-diagram.js';

const figures = JSON.parse(document.getElementById('process-figures').textContent);

function drawChart() {
  const canvas = document.getElementById('per-day-chart');
  if (!canvas) {
    return;
  }
  const chart = new Chart(canvas, {
    type: 'bar',
    data: {
      labels: figures.perDay.map((day) => day.date),
      datasets: [
        { label: 'Started', data: figures.perDay.map((day) => day.started), backgroundColor: '#3b82f6' },
        { label: 'Ended', data: figures.perDay.map((day) => day.ended), backgroundColor: '#16a34a' }
      ]
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } }
    }
  });
  canvas.dataset.drawn = String(chart.data.labels.length);
}

export function duration(ms) {
  if (ms === null || ms === undefined) {
    return '—';
  }
  if (ms < 1000) return `${ms} ms`;
  if (ms < 120000) return `${Math.round(ms / 1000)} s`;
  if (ms < 7200000) return `${Math.round(ms / 60000)} min`;
  if (ms < 172800000) return `${(ms / 3600000).toFixed(1)} h`;
  return `${(ms / 86400000).toFixed(1)} d`;
}

/** Heat from 0 to 3 by the share of the waiting instances a step holds. */
function heat(waiting, most) {
  if (!waiting || !most) return 0;
  return Math.min(3, Math.ceil((waiting / most) * 3));
}

async function drawDiagram() {
  const container = document.getElementById('diagram');
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
  const most = Math.max(0, ...figures.activities.map((activity) => activity.waitingNow));
  let drawn = 0;
  for (const activity of figures.activities) {
    const element = registry.get(activity.activityId);
    if (!element || element.waypoints) {
      continue;
    }
    const level = heat(activity.waitingNow, most);
    canvas.addMarker(element.id, `heat-${level}`);
    const html = document.createElement('div');
    html.className = `heat-overlay heat-${level}`;
    html.dataset.activity = activity.activityId;
    html.title = `${activity.waitingNow} waiting now · ${activity.runs} runs in the period · average ${duration(activity.averageMs)}`;
    html.textContent = `${activity.waitingNow} waiting · ⌀ ${duration(activity.averageMs)}`;
    overlays.add(element.id, 'heat', { position: { bottom: -4, left: 0 }, html });
    drawn += 1;
  }
  container.dataset.overlays = String(drawn);
}

drawChart();
drawDiagram();
