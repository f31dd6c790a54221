/** Test entry point: the version-1 fixture services and the local edits made on them. */
export * from './__fixtures__/local-edits';
