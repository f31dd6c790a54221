/** Severities, lowest first; a run fails on an unexcepted finding at or above its threshold. */
export const SEVERITIES = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type Severity = (typeof SEVERITIES)[number];

export function isSeverity(value: unknown): value is Severity {
  return SEVERITIES.includes(value as Severity);
}

export function atLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITIES.indexOf(severity) >= SEVERITIES.indexOf(threshold);
}

/** What every rule says about itself, Terraform or Kubernetes. */
export interface RuleMeta {
  /** FAB-TF-nnn or FAB-K8S-nnn. */
  id: string;
  title: string;
  severity: Severity;
  /** The public rule ids it corresponds to: AVD-AWS-*, CKV_AWS_*, kubesec, Polaris, PSS. */
  upstream: string[];
  remediation: string;
  /** Public descriptions the rule was written from. */
  references: string[];
  /** Workspace-relative file that defines the rule. */
  file: string;
}

/** One rule that failed on one resource or object. */
export interface Finding {
  rule: string;
  severity: Severity;
  /** Resource address (Terraform) or Kind/name (Kubernetes). */
  target: string;
  message: string;
  /** Cluster kind of the render (services only). */
  clusterKind?: string;
  /** Set when an exception covers the finding. */
  excepted?: { reason: string; owner: string; expires: string };
}

/** Everything one policy run produced for one project and environment. */
export interface PolicyReport {
  project: string;
  environment: string;
  kind: 'stack' | 'service';
  /** Rules that applied to at least one resource or object (the run fails when there are none). */
  rules: RuleMeta[];
  /** Resource or object evaluations, passed or not. */
  evaluations: number;
  findings: Finding[];
  /** Problems with the run itself: expired, unmatched or unknown exceptions, zero rules. */
  errors: string[];
  /** Workspace-relative file SARIF results point at. */
  location: string;
  failOn: Severity;
}

/** Findings that fail the run: not excepted and at or above the threshold. */
export function failingFindings(report: PolicyReport): Finding[] {
  return report.findings.filter((f) => !f.excepted && atLeast(f.severity, report.failOn));
}

export function reportPassed(report: PolicyReport): boolean {
  return report.errors.length === 0 && failingFindings(report).length === 0;
}
