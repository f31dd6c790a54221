import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { findWorkspaceRoot } from '../workspace';
import { ADMISSION_POLICIES_DIR, TERRAFORM_RULES_DIR } from './catalogue';
import {
  COVERAGE_DOC_END,
  COVERAGE_DOC_START,
  COVERAGE_FILE,
  POLICY_DOC,
  RULES_DOC_END,
  RULES_DOC_START,
  SERVICE_MODULE_DIR,
  coverageErrors,
  documentedSection,
  loadCoverage,
  moduleResourceTypes,
  renderCoverage,
  renderRuleTable,
} from './coverage';

const ROOT = findWorkspaceRoot(__dirname);

describe('the coverage table (infra/policy/coverage.yaml)', () => {
  it('maps every cited upstream id to its rule, names only real rules, and covers every module resource type', async () => {
    expect(await coverageErrors(ROOT)).toEqual([]);
  });

  it('gives every resource type the module creates an entry', async () => {
    const { resourceTypes } = loadCoverage(ROOT);
    expect((await moduleResourceTypes(ROOT)).filter((t) => !resourceTypes.includes(t))).toEqual([]);
    expect(await moduleResourceTypes(ROOT)).toContain('aws_db_instance');
  });

  // Regenerate both sections with: node -r @swc-node/register tools/policy/docs.ts
  it('docs/policy.md carries the current rendering of the table and of the rule catalogue', async () => {
    // The page is prettier-formatted (tables aligned): compare with the rendering formatted alike.
    const formatted = (text: string) => {
      const prettier = require.resolve('prettier/bin/prettier.cjs');
      const out = spawnSync(process.execPath, [prettier, '--stdin-filepath', POLICY_DOC], {
        cwd: ROOT,
        input: text,
        encoding: 'utf8',
      });
      expect(out.stderr).toBe('');
      return out.stdout.trim();
    };
    expect(documentedSection(ROOT, COVERAGE_DOC_START, COVERAGE_DOC_END)).toEqual(
      formatted(await renderCoverage(ROOT)),
    );
    expect(documentedSection(ROOT, RULES_DOC_START, RULES_DOC_END)).toEqual(
      formatted(renderRuleTable(ROOT)),
    );
  });

  describe('fails when the table and the rules disagree', () => {
    let ws: string;
    beforeEach(() => {
      ws = mkdtempSync(join(tmpdir(), 'fabrik-coverage-'));
      for (const dir of [TERRAFORM_RULES_DIR, ADMISSION_POLICIES_DIR, SERVICE_MODULE_DIR]) {
        cpSync(join(ROOT, dir), join(ws, dir), { recursive: true });
      }
      cpSync(join(ROOT, COVERAGE_FILE), join(ws, COVERAGE_FILE));
    });
    afterEach(() => rmSync(ws, { recursive: true, force: true }));

    const edit = (file: string, from: string, to: string) => {
      const text = readFileSync(join(ws, file), 'utf8');
      expect(text).toContain(from);
      writeFileSync(join(ws, file), text.replace(from, to));
    };

    it('a rule citing an id the table does not map to it', async () => {
      edit(
        `${TERRAFORM_RULES_DIR}/logs.yaml`,
        'upstream: [CKV_AWS_66]',
        'upstream: [CKV_AWS_66, CKV_AWS_999]',
      );
      expect(await coverageErrors(ws)).toEqual([
        `FAB-TF-080 cites CKV_AWS_999, which ${COVERAGE_FILE} does not map to FAB-TF-080`,
      ]);
    });

    it('an admission policy citing a kubesec rule the table does not map to it', async () => {
      edit(
        `${ADMISSION_POLICIES_DIR}/016-priority-class.yaml`,
        'Polaris priorityClassNotSet',
        'Polaris priorityClassNotSet, kubesec Made',
      );
      expect(await coverageErrors(ws)).toEqual([
        `FAB-K8S-016 cites kubesec Made, which ${COVERAGE_FILE} does not map to FAB-K8S-016`,
      ]);
    });

    it('an entry naming a rule that does not exist, or one that does not cite the id', async () => {
      edit(
        COVERAGE_FILE,
        'CKV_AWS_319:\n      rules: [FAB-TF-083]',
        'CKV_AWS_319:\n      rules: [FAB-TF-083, FAB-TF-999, FAB-TF-080]',
      );
      expect(await coverageErrors(ws)).toEqual([
        `${COVERAGE_FILE}: aws_cloudwatch_metric_alarm CKV_AWS_319 names FAB-TF-999, which no rule has`,
        `${COVERAGE_FILE}: aws_cloudwatch_metric_alarm CKV_AWS_319 names FAB-TF-080, which does not cite it`,
        `${COVERAGE_FILE}: aws_cloudwatch_metric_alarm CKV_AWS_319 names FAB-TF-080, which does not check aws_cloudwatch_metric_alarm`,
      ]);
    });

    it('a resource type the module starts creating', async () => {
      appendFileSync(
        join(ws, SERVICE_MODULE_DIR, 'queue.tf'),
        '\nresource "aws_sns_topic" "x" {}\n',
      );
      expect(await coverageErrors(ws)).toEqual([
        `${SERVICE_MODULE_DIR} creates aws_sns_topic, which ${COVERAGE_FILE} has no entry for`,
      ]);
    });

    it('an entry that neither maps to a rule nor says why not', async () => {
      edit(
        COVERAGE_FILE,
        'CKV_AWS_319:\n      rules: [FAB-TF-083]',
        'CKV_AWS_319:\n      rules: []',
      );
      await expect(coverageErrors(ws)).rejects.toThrow(
        `${COVERAGE_FILE} aws_cloudwatch_metric_alarm CKV_AWS_319: give rules, or status not-encoded / not-applicable`,
      );
    });
  });
});
