// `nx migrate --run-migrations` requires a migration's implementation as it is, while this plugin is a
// local workspace package in TypeScript: register the transpiler Nx uses for local plugins, then load it.
require('nx/src/project-graph/plugins/transpiler').forceRegisterPluginTSTranspiler();
module.exports = require('./service-template-v3');
