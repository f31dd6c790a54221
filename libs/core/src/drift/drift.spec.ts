import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { terraformBinary } from '../tools';
import { terraformChildEnv } from '../terraform-env';
import { dataDir } from '../terraform/plan';
import { detectDrift } from './drift';
import { driftFiles, driftIssue, readDriftReports } from './report';
import { startSsmStandIn, type SsmStandIn } from './testing/ssm-stand-in';

/*
 * Real terraform and the real AWS provider from the mirror; AWS itself is the local SSM stand-in
 * (provider `endpoints`). The stack's backend is `local` and env/dev.s3.tfbackend carries its path:
 * the same -backend-config file a real stack passes to S3, so detectDrift runs unchanged.
 */
const MAIN_TF = `terraform {
  backend "local" {}
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}

variable "ssm_endpoint" { type = string }

provider "aws" {
  region                      = "eu-west-1"
  access_key                  = "AKIADRIFTTEST0000000"
  secret_key                  = "drift-test-fake-secret"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  endpoints {
    ssm = var.ssm_endpoint
  }
}

resource "aws_ssm_parameter" "url" {
  name        = "/orders/url"
  type        = "String"
  value       = "https://orders.example.test"
  description = "where orders lives"
}

resource "aws_ssm_parameter" "flag" {
  name  = "/orders/flag"
  type  = "String"
  value = "on"
}
`;

describe('detectDrift (real terraform, AWS provider against a local SSM stand-in)', () => {
  let root: string;
  let ssm: SsmStandIn;
  const stack = 'infra/services/orders';
  const run = () =>
    detectDrift({
      workspaceRoot: root,
      projectRoot: stack,
      project: 'orders-infra',
      environment: 'dev',
    });

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'fabrik-drift-'));
    const dir = join(root, stack);
    mkdirSync(join(dir, 'env'), { recursive: true });
    writeFileSync(join(dir, 'main.tf'), MAIN_TF);
    writeFileSync(join(dir, 'env', 'dev.s3.tfbackend'), `path = "${join(root, 'dev.tfstate')}"\n`);
  });
  afterAll(async () => {
    await ssm?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('reports no drift right after an apply, then the attributes changed and the resource deleted by hand', async () => {
    ssm = await startSsmStandIn();
    const dir = join(root, stack);
    writeFileSync(join(dir, 'env', 'dev.tfvars'), `ssm_endpoint = "${ssm.url}"\n`);
    const env = { ...process.env, ...terraformChildEnv(), TF_DATA_DIR: dataDir(dir, 'dev') };
    // Asynchronous: the stand-in answers terraform from this same process.
    const tf = (args: string[]) => promisify(execFile)(terraformBinary(), args, { cwd: dir, env });
    await tf(['init', '-input=false', '-no-color', '-backend-config=env/dev.s3.tfbackend']);
    await tf(['apply', '-auto-approve', '-input=false', '-no-color', '-var-file=env/dev.tfvars']);

    const clean = await run();
    expect(clean).toEqual({
      project: 'orders-infra',
      environment: 'dev',
      status: 'clean',
      resources: [],
    });

    // Someone edits one parameter in the console and deletes the other.
    const url = ssm.parameters.get('/orders/url')!;
    Object.assign(url, { Value: 'https://elsewhere.test', Description: 'edited by hand' });
    ssm.parameters.delete('/orders/flag');

    const drifted = await run();
    expect(drifted.status).toBe('drifted');
    expect(drifted.resources).toEqual([
      {
        address: 'aws_ssm_parameter.flag',
        type: 'aws_ssm_parameter',
        change: 'deleted',
        attributes: [],
      },
      {
        address: 'aws_ssm_parameter.url',
        type: 'aws_ssm_parameter',
        change: 'changed',
        attributes: [
          {
            name: 'description',
            sensitive: false,
            before: '"where orders lives"',
            after: '"edited by hand"',
          },
          { name: 'value', sensitive: true },
        ],
      },
    ]);
    const files = driftFiles(root, 'orders-infra', 'dev');
    const markdown = readFileSync(files.markdown, 'utf8');
    expect(markdown).toContain('| `aws_ssm_parameter.flag` | **deleted outside Terraform** |');
    expect(markdown).toContain('| `aws_ssm_parameter.url` | `value` | (sensitive) | (sensitive) |');
    expect(markdown).not.toContain('elsewhere.test');
    // The saved refresh-only plan holds secret values: it does not stay behind.
    expect(existsSync(files.plan)).toBe(false);

    const issue = driftIssue(readDriftReports(root));
    expect(issue.open).toBe(true);
    expect(issue.body).toContain(
      '- **orders-infra** (dev): `aws_ssm_parameter.flag` (deleted), `aws_ssm_parameter.url` (description, value)',
    );
    // Seven terraform runs, each loading the AWS provider, on a shared two-core machine.
  }, 900_000);

  it('refuses the sandbox and a missing environment', async () => {
    await expect(
      detectDrift({ workspaceRoot: root, projectRoot: stack, project: 'orders-infra' }),
    ).rejects.toThrow(/needs an explicit environment/);
    await expect(
      detectDrift({
        workspaceRoot: root,
        projectRoot: stack,
        project: 'orders-infra',
        environment: 'sandbox',
      }),
    ).rejects.toThrow(/sandbox/);
  });

  it('closes the issue when every report is clean', () => {
    const issue = driftIssue([
      { project: 'a-infra', environment: 'dev', status: 'clean', resources: [] },
    ]);
    expect(issue).toMatchObject({ open: false, body: 'No drift in 1 stack environment(s).' });
  });
});
