// The modeler's confirm step before it deploys: what the diagram on screen changes against
// the deployed version (the server's semantic diff), listed so the author sees it before
// it goes live.

/** The heading and one line per change, for a diff from POST /modeler/api/diff. */
export function describeDiff(diff) {
  if (diff.from.version === null || diff.from.version === undefined) {
    return { heading: `${diff.processKey} is not deployed yet: this deploys its version 1.`, lines: [] };
  }
  if (diff.changes.length === 0) {
    return {
      heading: `No change against the deployed ${diff.from.label} of ${diff.processKey}: deploying creates no new version.`,
      lines: []
    };
  }
  const counts = diff.counts;
  const parts = [];
  if (counts.added) parts.push(`${counts.added} added`);
  if (counts.removed) parts.push(`${counts.removed} removed`);
  if (counts.changed) parts.push(`${counts.changed} changed`);
  if (counts.rerouted) parts.push(`${counts.rerouted} rerouted`);
  return {
    heading: `Against the deployed ${diff.from.label} of ${diff.processKey}: ${parts.join(', ')}.`,
    lines: diff.changes.map((change) => ({ kind: change.kind, text: change.summary }))
  };
}
