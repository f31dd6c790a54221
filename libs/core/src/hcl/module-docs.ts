import { readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { HclDocument, parseTerraformDir } from './parse';

/**
 * A module's inputs and outputs as Markdown tables, kept between two markers in its README, and
 * a check that the README is current (the module's `lint` fails when it is not).
 */
export const DOCS_BEGIN = '<!-- BEGIN_TF_DOCS -->';
export const DOCS_END = '<!-- END_TF_DOCS -->';

export interface ModuleInput {
  name: string;
  type: string;
  description: string;
  required: boolean;
  /** The default as HCL-ish text (`"x"`, `8080`, `null`), undefined when required. */
  defaultValue?: string;
}

export interface ModuleOutput {
  name: string;
  description: string;
  sensitive: boolean;
}

/** hcl2json wraps expressions as `${...}`; the docs show the bare expression. */
function bareExpression(value: unknown): string {
  if (typeof value !== 'string') return value === undefined ? 'any' : JSON.stringify(value);
  const match = /^\$\{([\s\S]*)\}$/.exec(value);
  return (match ? match[1] : value).replace(/\s+/g, ' ').trim();
}

/** A default value as it would read in HCL; JSON is close enough for literals. */
function defaultText(value: unknown): string {
  if (typeof value === 'string' && /^\$\{[\s\S]*\}$/.test(value)) return bareExpression(value);
  return JSON.stringify(value) ?? 'null';
}

function firstBody(bodies: unknown): Record<string, unknown> {
  return (Array.isArray(bodies) ? bodies[0] : bodies) ?? {};
}

/** Variables of every file, required ones first, each group sorted by name. */
export function moduleInputs(docs: [string, HclDocument][]): ModuleInput[] {
  const inputs: ModuleInput[] = [];
  for (const [, doc] of docs) {
    for (const [name, bodies] of Object.entries(doc.variable ?? {})) {
      const body = firstBody(bodies);
      const required = !('default' in body);
      inputs.push({
        name,
        type: bareExpression(body.type),
        description: typeof body.description === 'string' ? body.description : '',
        required,
        defaultValue: required ? undefined : defaultText(body.default),
      });
    }
  }
  return inputs.sort(
    (a, b) => Number(b.required) - Number(a.required) || a.name.localeCompare(b.name),
  );
}

/** Outputs of every file, sorted by name. */
export function moduleOutputs(docs: [string, HclDocument][]): ModuleOutput[] {
  const outputs: ModuleOutput[] = [];
  for (const [, doc] of docs) {
    for (const [name, bodies] of Object.entries(doc.output ?? {})) {
      const body = firstBody(bodies);
      outputs.push({
        name,
        description: typeof body.description === 'string' ? body.description : '',
        sensitive: body.sensitive === true,
      });
    }
  }
  return outputs.sort((a, b) => a.name.localeCompare(b.name));
}

/** One table cell: pipes escaped, newlines joined, so a row stays one line. */
function cell(text: string): string {
  return text
    .replace(/\|/g, '\\|')
    .replace(/\s*\n\s*/g, ' ')
    .trim();
}

function code(text: string): string {
  return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``;
}

/** A Markdown table padded the way prettier prints it, so formatting the README changes nothing. */
export function markdownTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(3, h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** The generated section (without markers): an inputs table and an outputs table. */
export function renderModuleDocs(inputs: ModuleInput[], outputs: ModuleOutput[]): string {
  const inputRows = inputs.map((i) => [
    code(i.name),
    cell(i.description),
    code(cell(i.type)),
    i.required ? 'n/a' : code(cell(i.defaultValue ?? 'null')),
    i.required ? 'yes' : 'no',
  ]);
  const outputRows = outputs.map((o) => [
    code(o.name),
    [cell(o.description), o.sensitive ? '(sensitive)' : ''].filter(Boolean).join(' '),
  ]);
  return [
    '## Inputs',
    '',
    inputs.length
      ? markdownTable(['Name', 'Description', 'Type', 'Default', 'Required'], inputRows)
      : 'No inputs.',
    '',
    '## Outputs',
    '',
    outputs.length ? markdownTable(['Name', 'Description'], outputRows) : 'No outputs.',
  ].join('\n');
}

/** The README with the section between the markers replaced (markers appended when missing). */
export function injectModuleDocs(readme: string, section: string): string {
  const block = `${DOCS_BEGIN}\n\n${section}\n\n${DOCS_END}`;
  const begin = readme.indexOf(DOCS_BEGIN);
  const end = readme.indexOf(DOCS_END);
  if (begin === -1 || end === -1 || end < begin) {
    return `${readme.trimEnd()}${readme.trim() ? '\n\n' : ''}${block}\n`;
  }
  return readme.slice(0, begin) + block + readme.slice(end + DOCS_END.length);
}

export interface ModuleDocsStatus {
  readmePath: string;
  upToDate: boolean;
  /** The README as it should be. */
  expected: string;
  /** What the user should do, or that all is well. */
  message: string;
}

/** Compares the module README with what its .tf files say it should contain. */
export async function checkModuleDocs(moduleDir: string): Promise<ModuleDocsStatus> {
  const docs = await parseTerraformDir(moduleDir);
  const readmePath = join(moduleDir, 'README.md');
  const current = existsSync(readmePath) ? await readFile(readmePath, 'utf8') : '';
  const expected = injectModuleDocs(
    current,
    renderModuleDocs(moduleInputs(docs), moduleOutputs(docs)),
  );
  const upToDate = current === expected;
  return {
    readmePath,
    upToDate,
    expected,
    message: upToDate
      ? `${readmePath} documents the current inputs and outputs.`
      : `${readmePath} does not match the module's variables and outputs. Regenerate it with the module's \`docs\` target (for example \`npx nx run <module>:docs\`) and commit the result.`,
  };
}

/** Rewrites the README's generated section; returns whether the file changed. */
export async function writeModuleDocs(
  moduleDir: string,
): Promise<{ readmePath: string; changed: boolean }> {
  const status = await checkModuleDocs(moduleDir);
  if (!status.upToDate) await writeFile(status.readmePath, status.expected);
  return { readmePath: status.readmePath, changed: !status.upToDate };
}
