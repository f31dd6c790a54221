export * from './aws-names';
export * from './service-name';
export * from './service-options';
export * from './listener-priority';
