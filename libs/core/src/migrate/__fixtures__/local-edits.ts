/**
 * Hand-made local edits on some of the version-1 fixture services, the kind teams make after
 * `nx g service`: comments, extra values, extra Terraform. Each edit is a text replacement anchored
 * on text both template versions write, so "a fresh generation plus its local edits" is the same
 * replacement applied to today's generator output.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Ten services written by `nx g service` at b3dcd6e (template version 1), in the order they were made. */
export const V1_FIXTURES = join(__dirname, 'v1');
export const V1_SERVICES = [
  'ledger',
  'billing',
  'catalog',
  'search',
  'reports',
  'notify',
  'gateway',
  'edge',
  'sessions',
  'audit',
];

/** The version-1 fixture files (workspace path → text), optionally of some services only. */
export function v1Files(services: readonly string[] = V1_SERVICES): Map<string, string> {
  return new Map(
    readdirSync(V1_FIXTURES, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name))
      .map((path) => relative(V1_FIXTURES, path))
      .filter((path) => services.some((s) => path.split('/').includes(s)))
      .map((path) => [path, readFileSync(join(V1_FIXTURES, path), 'utf8')] as [string, string]),
  );
}

export interface LocalEdit {
  file: string;
  /** The text replaced; undefined appends `replace` at the end of the file. */
  find?: string;
  replace: string;
}

const append = (file: string, text: string): LocalEdit => ({ file, replace: text });

/** Applies the edits to one workspace's files (path → text); throws when an anchor is missing. */
export function applyEdits(files: Map<string, string>, edits: readonly LocalEdit[]): void {
  for (const { file, find, replace } of edits) {
    const text = files.get(file);
    if (text === undefined || (find !== undefined && !text.includes(find)))
      throw new Error(`local edit of ${file} does not apply`);
    files.set(file, find === undefined ? `${text}${replace}` : text.replace(find, replace));
  }
}

export const LOCAL_EDITS: LocalEdit[] = [
  // A team's own registry, said in a comment, and pod annotations of their own.
  {
    file: 'apps/billing/deploy/values.yaml',
    find: 'image:\n  repository: registry.example.com/billing\n',
    replace:
      'image:\n  # Our ECR repository, pushed by the billing pipeline.\n  repository: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/billing\n',
  },
  append(
    'apps/billing/deploy/values.yaml',
    '\n# Scraped by the team dashboard.\npodAnnotations:\n  example.com/dashboard: billing\n',
  ),
  {
    file: 'apps/billing/deploy/prod.yaml',
    find: '  minAvailable: 1\n',
    replace: '  minAvailable: 1\n\npodLabels:\n  tier: gold\n',
  },
  // Extra Terraform next to the generated stack: a topic, its variable, output and tfvars value.
  append(
    'infra/services/catalog/main.tf',
    '\n# Price change notifications, owned by the catalog team.\nresource "aws_sns_topic" "price_changes" {\n  name = "catalog-${var.environment}-price-changes"\n}\n',
  ),
  append(
    'infra/services/catalog/variables.tf',
    '\nvariable "price_topic_retention_days" {\n  description = "How long subscribers keep price changes."\n  type        = number\n  default     = 7\n}\n',
  ),
  append(
    'infra/services/catalog/outputs.tf',
    '\noutput "price_topic_arn" {\n  description = "Topic the pricing service publishes to."\n  value       = aws_sns_topic.price_changes.arn\n}\n',
  ),
  // A comment on a generated key and a local tag on every resource.
  {
    file: 'apps/search/deploy/values.yaml',
    find: 'probes:\n',
    replace: '# Search warms its index before it is ready: see the runbook.\nprobes:\n',
  },
  {
    file: 'infra/services/search/providers.tf',
    find: '      stack      = "infra/services/search"\n',
    replace: '      stack      = "infra/services/search"\n      owner      = "search-team"\n',
  },
  // The team's own section in the README.
  append(
    'apps/reports/README.md',
    '\n## Runbook\n\nReports regenerate nightly; rerun a day with `POST /reports/rerun`.\n',
  ),
];
