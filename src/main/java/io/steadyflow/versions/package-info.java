/**
 * What changed between two versions of a process, and moving its running instances from
 * one version to another: the semantic diff ({@code /api/processes/{key}/diff}, the page
 * {@code /processes/{key}/diff}, the modeler's check before it deploys) and migrations
 * through Flowable's process migration service ({@code /api/processes/{key}/migrations})
 * (docs/versions.md).
 */
package io.steadyflow.versions;
