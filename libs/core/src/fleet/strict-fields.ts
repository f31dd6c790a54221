import { dirname, join } from 'node:path';
import ts from 'typescript';

/**
 * A strict unknown-field pass for any kubernetes-models type. The CRD validators those packages
 * ship accept unknown keys (ArgoCD's CRDs do not forbid them), and a typo such as `prun: true`
 * is then silently ignored by the cluster. The packages' .d.ts files describe every field, so we
 * read the declared type with the TypeScript checker and report every key it does not declare.
 * (manifests/strict.ts infers known keys from the validator's reads instead; that misses fields
 * the compiled ArgoCD validators never read, e.g. AppProject `spec.description`.)
 */

export interface ModelType {
  /** Package and its .d.ts file, e.g. `@kubernetes-models/argo-cd`, `argoproj.io/v1alpha1/Application.d.ts`. */
  packageName: string;
  declarationFile: string;
  interfaceName: string;
}

export const ARGO_CD_TYPES: Record<string, ModelType> = {
  Application: argo('Application'),
  ApplicationSet: argo('ApplicationSet'),
  AppProject: argo('AppProject'),
};

function argo(kind: string): ModelType {
  return {
    packageName: '@kubernetes-models/argo-cd',
    declarationFile: `argoproj.io/v1alpha1/${kind}.d.ts`,
    interfaceName: `I${kind}`,
  };
}

const programs = new Map<string, { checker: ts.TypeChecker; type: ts.Type }>();

function declaredType(model: ModelType): { checker: ts.TypeChecker; type: ts.Type } {
  const packageDir = dirname(require.resolve(`${model.packageName}/package.json`));
  const file = join(packageDir, model.declarationFile);
  const key = `${file}#${model.interfaceName}`;
  const cached = programs.get(key);
  if (cached) return cached;
  const program = ts.createProgram([file], { noResolve: false, types: [], skipLibCheck: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  const decl = source?.statements.find(
    (s): s is ts.InterfaceDeclaration =>
      ts.isInterfaceDeclaration(s) && s.name.text === model.interfaceName,
  );
  if (!decl) throw new Error(`${model.interfaceName} not found in ${file}`);
  const entry = { checker, type: checker.getTypeAtLocation(decl.name) };
  programs.set(key, entry);
  return entry;
}

/** The object-like members of a (possibly union, possibly optional) type. */
function objectParts(checker: ts.TypeChecker, type: ts.Type): ts.Type[] {
  const parts = type.isUnion() ? type.types : [checker.getNonNullableType(type)];
  return parts.filter((t) => (t.flags & ts.TypeFlags.Object) !== 0);
}

function walk(
  checker: ts.TypeChecker,
  type: ts.Type,
  value: unknown,
  path: string,
  out: string[],
): void {
  if (value === null || typeof value !== 'object') return;
  const parts = objectParts(checker, type);
  if (parts.length === 0) return;
  if (Array.isArray(value)) {
    const array = parts.find((t) => checker.isArrayType(t)) as ts.TypeReference | undefined;
    if (!array) return;
    const element = checker.getTypeArguments(array)[0];
    value.forEach((item, i) => walk(checker, element, item, `${path}[${i}]`, out));
    return;
  }
  const objects = parts.filter((t) => !checker.isArrayType(t));
  for (const [key, child] of Object.entries(value)) {
    const childPath = path ? `${path}.${key}` : key;
    const prop = objects.map((t) => t.getProperty(key)).find(Boolean);
    if (prop) {
      const decl = prop.valueDeclaration ?? prop.declarations?.[0];
      if (decl) walk(checker, checker.getTypeOfSymbolAtLocation(prop, decl), child, childPath, out);
      continue;
    }
    const indexType = objects.map((t) => t.getStringIndexType()).find(Boolean);
    if (indexType) walk(checker, indexType, child, childPath, out);
    else out.push(childPath);
  }
}

/** Dotted paths of every key the model's type does not declare (empty when strict-valid). */
export function undeclaredFields(value: unknown, model: ModelType): string[] {
  const { checker, type } = declaredType(model);
  const out: string[] = [];
  walk(checker, type, value, '', out);
  return out;
}
