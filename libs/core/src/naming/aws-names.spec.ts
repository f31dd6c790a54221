import {
  DERIVED_AWS_NAMES,
  MAX_SERVICE_NAME_LENGTH,
  derivedAwsNames,
  irsaRoleArn,
  longestEnvironmentName,
  serviceNameLimit,
  sqsQueueUrl,
} from './aws-names';
import { ENVIRONMENTS } from '../environments';

describe('serviceNameLimit', () => {
  it('is bound by the ALB target group for the 7-character environments: 32 - 8 = 24', () => {
    const limit = serviceNameLimit();
    expect(limit.maxLength).toBe(24);
    expect(limit.binding.resource).toBe('ALB target group');
    expect(limit.environment).toHaveLength(7);
    expect(MAX_SERVICE_NAME_LENGTH).toBe(24);
  });

  it('keeps every derived name of a longest-allowed name within its limit in every environment', () => {
    const name = 'a'.repeat(MAX_SERVICE_NAME_LENGTH);
    for (const env of ENVIRONMENTS) {
      const names = derivedAwsNames(name, env);
      for (const rule of DERIVED_AWS_NAMES) {
        expect(names[rule.resource].length).toBeLessThanOrEqual(rule.limit);
      }
    }
    // One more character breaks the target group in staging and sandbox.
    expect(derivedAwsNames(`${name}a`, 'staging')['ALB target group']).toHaveLength(33);
  });

  it('follows the tightest rule when the table changes', () => {
    const limit = serviceNameLimit(
      ['dev'],
      [
        { resource: 'wide', suffix: '', limit: 100 },
        { resource: 'narrow', suffix: '-x', limit: 20 },
      ],
    );
    expect(limit).toEqual({
      maxLength: 20 - '-dev'.length - 2,
      binding: { resource: 'narrow', suffix: '-x', limit: 20 },
      environment: 'dev',
    });
  });
});

describe('derived names', () => {
  it('builds every name from <name>-<environment>', () => {
    expect(derivedAwsNames('orders', 'prod')).toMatchObject({
      'ALB target group': 'orders-prod',
      'Aurora instance': 'orders-prod-9',
      'IAM role (IRSA)': 'orders-prod-irsa',
      'SQS dead-letter queue': 'orders-prod-dlq',
      'cache security group': 'orders-prod-cache',
      'IAM Roles Anywhere profile': 'orders-prod',
    });
  });

  it('picks the first of the longest environments', () => {
    expect(longestEnvironmentName()).toBe('sandbox');
    expect(longestEnvironmentName(['dev', 'prod'])).toBe('prod');
  });

  it('builds the IRSA role ARN and SQS URL the module will create', () => {
    expect(irsaRoleArn('111111111111', 'orders', 'dev')).toBe(
      'arn:aws:iam::111111111111:role/orders-dev-irsa',
    );
    expect(sqsQueueUrl('eu-west-1', '111111111111', 'orders-dev-dlq')).toBe(
      'https://sqs.eu-west-1.amazonaws.com/111111111111/orders-dev-dlq',
    );
  });
});
