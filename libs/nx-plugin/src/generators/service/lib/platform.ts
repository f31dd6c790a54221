/**
 * Where each environment's services run: account, network, shared load balancer listener, EKS OIDC
 * provider and state bucket. The real-environment ids are examples for the platform team to replace
 * once (here, then in each stack's env/<env>.tfvars); sandbox ids are fake on purpose and stay fake.
 */
export interface EnvironmentPlatform {
  accountId: string;
  region: string;
  vpcId: string;
  subnetIds: [string, string];
  albListenerArn: string;
  oidcProviderArn: string;
  /** S3 bucket of the Terraform state; sandbox plans use a local backend instead. */
  stateBucket?: string;
}

function examplePlatform(environment: string, digit: string): EnvironmentPlatform {
  const account = digit.repeat(12);
  const region = 'eu-west-1';
  const hex16 = digit.repeat(16);
  return {
    accountId: account,
    region,
    vpcId: `vpc-${digit.repeat(17)}`,
    subnetIds: [`subnet-${hex16}a`, `subnet-${hex16}b`],
    albListenerArn: `arn:aws:elasticloadbalancing:${region}:${account}:listener/app/fabrik-${environment}/${hex16}/${hex16}`,
    oidcProviderArn: `arn:aws:iam::${account}:oidc-provider/oidc.eks.${region}.amazonaws.com/id/${digit.repeat(32)}`,
    stateBucket: `fabrik-tfstate-${account}-${region}`,
  };
}

export const ENVIRONMENT_PLATFORMS: Record<string, EnvironmentPlatform> = {
  sandbox: {
    accountId: '000000000000',
    region: 'eu-west-1',
    vpcId: 'vpc-00000000000000000',
    subnetIds: ['subnet-0000000000000000a', 'subnet-0000000000000000b'],
    albListenerArn:
      'arn:aws:elasticloadbalancing:eu-west-1:000000000000:listener/app/fabrik-sandbox/0000000000000000/0000000000000000',
    oidcProviderArn:
      'arn:aws:iam::000000000000:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/00000000000000000000000000000000',
  },
  dev: examplePlatform('dev', '1'),
  staging: examplePlatform('staging', '2'),
  prod: examplePlatform('prod', '3'),
};
