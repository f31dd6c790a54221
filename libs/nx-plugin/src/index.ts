// The inference plugin (createNodesV2, createDependencies) is exported from here.
export {};
