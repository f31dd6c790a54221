import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { GITOPS_DIR } from './registry';

/**
 * Credential-looking values in files under gitops/: everything there is applied from git, so a
 * token or key that lands in it is published. Values that only reference a secret (an External
 * Secrets template such as `{{ .bearerToken }}`) are fine; literal ones are not.
 */

const PATTERNS: { what: string; regex: RegExp }[] = [
  { what: 'a private key', regex: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  { what: 'an AWS access key id', regex: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { what: 'a JSON web token', regex: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\./ },
];

/** Keys whose value is a credential, in YAML (`key: value`) or JSON (`"key":"value"`). */
const CREDENTIAL_KEY =
  /(?<![A-Za-z0-9_])["']?(bearerToken|token|password|keyData|certData|clientSecret|client_secret|secretAccessKey|aws_secret_access_key|apiKey|privateKey)["']?\s*[:=]\s*(.*)$/;

/** A value that names no secret: empty, a template reference, or a reference by name. */
function isReference(value: string): boolean {
  const v = value
    .trim()
    .replace(/^["']|["'],?$|,$/g, '')
    .trim();
  return v === '' || v.startsWith('{{') || v === 'null' || v === '~' || v.startsWith('$');
}

export function credentialFindings(text: string, file: string): string[] {
  const findings: string[] = [];
  text.split('\n').forEach((line, i) => {
    const at = `${file}:${i + 1}`;
    for (const { what, regex } of PATTERNS) {
      if (regex.test(line)) findings.push(`${at}: looks like ${what}; keep it in the secret store`);
    }
    // JSON inside a YAML string may hold several keys on one line: check each occurrence.
    for (const part of line.split(/[{,]/)) {
      const match = CREDENTIAL_KEY.exec(part);
      if (match && !isReference(match[2])) {
        findings.push(`${at}: ${match[1]} has a literal value; reference the secret store instead`);
      }
    }
  });
  return findings;
}

function filesUnder(root: string, dir: string): string[] {
  return readdirSync(join(root, dir))
    .sort()
    .flatMap((name) => {
      const path = `${dir}/${name}`;
      return statSync(join(root, path)).isDirectory() ? filesUnder(root, path) : [path];
    });
}

/** Every credential-looking value in every file under gitops/. */
export function gitopsCredentialFindings(root: string): string[] {
  return filesUnder(root, GITOPS_DIR).flatMap((file) =>
    credentialFindings(readFileSync(join(root, file), 'utf8'), file),
  );
}
