/**
 * Where the fleet's targets write, relative to the workspace root: one home for the executors that
 * write them, the targets that declare them as outputs and the page that links them.
 */
export const FLEET_DIST = 'dist/fleet';
/** `gitops:preview`: every generated Application as JSON rows (also printed with `--json`). */
export const FLEET_PREVIEW_JSON = `${FLEET_DIST}/preview.json`;
/** `gitops:page`: the static fleet page. */
export const FLEET_PAGE_HTML = `${FLEET_DIST}/index.html`;
