import { REQUIREMENTS_FILE, type Requirement, type Where } from './requirements';

const PLACES: Record<Where, string> = { eks: 'EKS', k3s: 'K3s', argocd: 'ArgoCD cluster' };
const places = (where: Where[]) => where.map((w) => PLACES[w]).join(', ');
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

function setting(s: NonNullable<Requirement['settings']>[number]): string {
  const parts = [
    ...(s.containerArgs ?? []).map((a) => `\`${a}\``),
    ...Object.entries(s.containerEnv ?? {}).map(([k, v]) => `\`${k}=${v}\``),
    ...Object.entries(s.configMap?.data ?? {}).map(
      ([k, v]) =>
        `\`${k}: "${v}"\` in ConfigMap \`${s.configMap!.namespace}/${s.configMap!.name}\``,
    ),
  ];
  return `${parts.join(', ')}: ${oneLine(s.description)}`;
}

/** docs/platform-requirements.md, generated from gitops/platform-requirements.yaml. */
export function requirementsMarkdown(requirements: Requirement[]): string {
  const lines = [
    '<!-- Generated from gitops/platform-requirements.yaml by `nx run gitops:platform-docs`: edit that file, not this one. -->',
    '',
    '# Platform requirements',
    '',
    `What every cluster of the fleet must run for Fabrik's releases to work (ADR 0021). The data lives in`,
    `\`${REQUIREMENTS_FILE}\`; \`nx run gitops:doctor --cluster=<name>\` checks a live cluster against it.`,
    '',
    '| Controller | Where | Minimum version | Checked in | Why |',
    '|---|---|---|---|---|',
    ...requirements.map(
      (r) =>
        `| [${r.name}](${r.source}) | ${places(r.where)} | ${r.minVersion} | ${r.workload.kind} \`${r.workload.namespace}/${r.workload.name}\` | ${oneLine(r.why)} |`,
    ),
    '',
  ];
  for (const r of requirements) {
    const settings = r.settings ?? [];
    const notes = r.notes ?? [];
    if (!r.crds?.length && !settings.length && !notes.length) continue;
    lines.push(`## ${r.name}`, '');
    if (r.crds?.length) {
      lines.push(`CRDs: ${r.crds.map((c) => `\`${c.name}\` (${c.version})`).join(', ')}.`, '');
    }
    for (const s of settings)
      lines.push(`- Setting (${places(s.where ?? r.where)}): ${setting(s)}.`);
    for (const n of notes)
      lines.push(`- Check by hand (${places(n.where ?? r.where)}): ${oneLine(n.text)}`);
    if (settings.length || notes.length) lines.push('');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
