import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** hcl2json's shape: block type → label → list of bodies (one per declaration). */
export type HclDocument = Record<string, any>;

/** Parses one HCL file's text into hcl2json's JSON shape; errors name the file. */
export async function parseHcl(fileName: string, contents: string): Promise<HclDocument> {
  // Loaded on first use: starting hcl2json's WebAssembly costs ~0.1 s of CPU, which every
  // importer of this module (say, through graph/orphans) would pay even when it parses no HCL.
  const { parse } = require('@cdktf/hcl2json') as typeof import('@cdktf/hcl2json');
  try {
    return (await parse(fileName, contents)) as HclDocument;
  } catch (error) {
    throw new Error(`Cannot parse ${fileName}: ${(error as Error).message ?? error}`, {
      cause: error,
    });
  }
}

/** The `*.tf` files of one folder (not recursive), sorted, as [fileName, document] pairs. */
export async function parseTerraformDir(dir: string): Promise<[string, HclDocument][]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.tf')).sort();
  return Promise.all(
    names.map(async (name): Promise<[string, HclDocument]> => {
      const path = join(dir, name);
      return [name, await parseHcl(path, await readFile(path, 'utf8'))];
    }),
  );
}

/** Every `module "x" { source = ... }` in the given documents. */
export function moduleSources(
  docs: [string, HclDocument][],
): { file: string; name: string; source: string }[] {
  const found: { file: string; name: string; source: string }[] = [];
  for (const [file, doc] of docs) {
    for (const [name, bodies] of Object.entries(doc.module ?? {})) {
      for (const body of bodies as { source?: unknown }[]) {
        if (typeof body.source === 'string') found.push({ file, name, source: body.source });
      }
    }
  }
  return found;
}
