export * from './environments';
export * from './tool-runner';
export * from './tools';
export * from './terraform-env';
export * from './workspace';
export * from './hcl/parse';
export * from './terraform/cli';
export * from './naming';
