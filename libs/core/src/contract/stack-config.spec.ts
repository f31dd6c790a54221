import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHcl } from '../hcl/parse';
import { PLATFORM_FILE, platform, stackValues } from './__fixtures__/x';
import { stackFactsFromConfiguration, type StackConfiguration } from './stack-config';

const MODULE_NETWORK = join(__dirname, '../../../../infra/modules/microservice/network.tf');
const fixture = (name: string) => readFileSync(join(__dirname, '__fixtures__', name), 'utf8');

async function configuration(main = fixture('x-main.tf')): Promise<StackConfiguration> {
  return {
    mainFile: 'infra/services/x/main.tf',
    main: await parseHcl('main.tf', main),
    moduleDir: 'infra/modules/microservice',
    // The shared module's real network.tf: its ingress rules are what a stack without a plan relies on.
    moduleFiles: [
      ['network.tf', await parseHcl('network.tf', readFileSync(MODULE_NETWORK, 'utf8'))],
    ],
  };
}

const facts = async (main?: string) =>
  stackFactsFromConfiguration(await configuration(main), stackValues(), {
    facts: platform,
    file: PLATFORM_FILE,
  });

describe('stackFactsFromConfiguration', () => {
  it('reads the module arguments of the generated stack', async () => {
    const stack = await facts();
    expect(stack.targetGroup.port).toEqual({
      value: 8080,
      at: 'infra/services/x/main.tf: module "service" port',
    });
    expect(stack.targetGroup.healthCheckPath.value).toBe('/readyz');
    expect(stack.irsa.subject.value).toBe('system:serviceaccount:x:x');
    expect(Object.values(stack.parts).map((p) => p.value)).toEqual([true, true, true]);
    expect(stack.rolesAnywhere.commonName.value).toBe('x');
  });

  it('reads the data groups admitting the service group from the module files', async () => {
    expect((await facts()).dataAdmissions).toEqual([
      {
        part: 'database',
        admitsService: true,
        at: 'infra/modules/microservice/network.tf: resource "aws_vpc_security_group_ingress_rule" "database_from_service" referenced_security_group_id',
      },
      expect.objectContaining({ part: 'cache', admitsService: true }),
    ]);
  });

  it('takes what only an apply knows from the stack values', async () => {
    const stack = await facts();
    expect(stack.targetGroup.arn).toEqual({
      value: '(pending apply)',
      at: 'dist/plans/x-infra/sandbox.json chart_values: targetGroupBinding.targetGroupArn',
    });
    expect(stack.config.DB_PORT?.value).toBe('5432');
  });

  it('honours namespace and service_account arguments and leaves parts that are off out', async () => {
    const main = fixture('x-main.tf')
      .replace('cache_enabled   = true', 'cache_enabled   = false')
      .replace(
        'name        = "x"',
        'name        = "x"\n  namespace = "shop"\n  service_account = "x-app"',
      );
    const stack = await facts(main);
    expect(stack.irsa.subject.value).toBe('system:serviceaccount:shop:x-app');
    expect(stack.config.REDIS_HOST).toBeUndefined();
    expect(stack.dataAdmissions.map((a) => a.part)).toEqual(['database']);
  });

  it('reports an expression where a literal is needed', async () => {
    const stack = await facts(
      fixture('x-main.tf').replace('port                   = 8080', 'port = var.port'),
    );
    expect(stack.targetGroup.port.value).toBeUndefined();
    expect(stack.targetGroup.port.at).toContain('not a literal');
  });
});

describe('the ALB group on the service security group, without a plan', () => {
  it('holds when the stack passes the platform group and the module admits it on the port', async () => {
    expect((await facts()).albAdmission).toEqual({
      admits: true,
      at: 'infra/modules/microservice/network.tf: resource "aws_vpc_security_group_ingress_rule" "service_from_alb"',
    });
  });

  it('fails naming the stack argument when the stack hands over another group', async () => {
    const main = fixture('x-main.tf').replace(
      /alb_security_group_id\s*=\s*module\.platform\.alb_security_group_id/,
      'alb_security_group_id = "sg-0123456789abcdef0"',
    );
    expect((await facts(main)).albAdmission).toEqual({
      admits: false,
      at: 'infra/services/x/main.tf: module "service" alb_security_group_id (not the platform\'s)',
    });
  });
});
