export interface SiteGeneratorSchema {
  name: string;
  kind?: 'k3s' | 'eks';
  environment?: 'dev' | 'staging' | 'prod';
  region?: string;
  canary?: boolean;
  server?: string;
}
