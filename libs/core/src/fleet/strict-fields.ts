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

/** One TypeScript program per package, over every model type of it that is registered. */
const programs = new Map<string, ts.Program>();
const declared = new Map<string, { checker: ts.TypeChecker; type: ts.Type }>();

const paths = new Map<string, string>();

function declarationPath(model: ModelType): string {
  const key = `${model.packageName}/${model.declarationFile}`;
  let path = paths.get(key);
  if (!path) {
    const packageDir = dirname(require.resolve(`${model.packageName}/package.json`));
    path = join(packageDir, model.declarationFile);
    paths.set(key, path);
  }
  return path;
}

/**
 * The only globals the models' declarations use (arrays, and Omit through the base package's
 * ModelData), in place of TypeScript's standard library: reading ES2020's 44 library files was
 * about a third of building the program, on every `gitops:lint`. The checker needs the other
 * global interfaces to exist; nothing here reads their members.
 */
const MODEL_LIB_FILE = '/fabrik-model-globals.d.ts';
const MODEL_LIB = `
interface Array<T> { length: number; [n: number]: T; }
interface Boolean {}
interface CallableFunction {}
interface Function {}
interface IArguments {}
interface NewableFunction {}
interface Number {}
interface Object {}
interface RegExp {}
interface String {}
type Pick<T, K extends keyof T> = { [P in K]: T[P] };
type Exclude<T, U> = T extends U ? never : T;
type Omit<T, K extends keyof any> = Pick<T, Exclude<keyof T, K>>;
type Record<K extends keyof any, T> = { [P in K]: T };
type Partial<T> = { [P in keyof T]?: T[P] };
`;

function programFor(model: ModelType): ts.Program {
  const cached = programs.get(model.packageName);
  if (cached && cached.getSourceFile(declarationPath(model))) return cached;
  const roots = [
    ...new Set(
      [...Object.values(ARGO_CD_TYPES), model]
        .filter((m) => m.packageName === model.packageName)
        .map(declarationPath),
    ),
  ];
  const options: ts.CompilerOptions = { types: [], skipLibCheck: true, noLib: true };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.getSourceFile = (file, language, ...rest) =>
    file === MODEL_LIB_FILE
      ? ts.createSourceFile(file, MODEL_LIB, language)
      : getSourceFile(file, language, ...rest);
  host.fileExists = (file) => file === MODEL_LIB_FILE || fileExists(file);
  const program = ts.createProgram([MODEL_LIB_FILE, ...roots], options, host);
  programs.set(model.packageName, program);
  return program;
}

function declaredType(model: ModelType): { checker: ts.TypeChecker; type: ts.Type } {
  const file = declarationPath(model);
  const key = `${file}#${model.interfaceName}`;
  const cached = declared.get(key);
  if (cached) return cached;
  const program = programFor(model);
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  const decl = source?.statements.find(
    (s): s is ts.InterfaceDeclaration =>
      ts.isInterfaceDeclaration(s) && s.name.text === model.interfaceName,
  );
  if (!decl) throw new Error(`${model.interfaceName} not found in ${file}`);
  const entry = { checker, type: checker.getTypeAtLocation(decl.name) };
  declared.set(key, entry);
  return entry;
}

/** The object-like members of a (possibly union, possibly optional) type. */
function objectParts(checker: ts.TypeChecker, type: ts.Type): ts.Type[] {
  const parts = type.isUnion() ? type.types : [checker.getNonNullableType(type)];
  return parts.filter((t) => (t.flags & ts.TypeFlags.Object) !== 0);
}

/**
 * What the walk needs of a type, worked out once per type: whether it has object parts, its
 * array element, and per key the declared type to walk into ('skip': declared without a
 * declaration to type it; undefined: not declared).
 */
interface Shape {
  objectLike: boolean;
  element?: ts.Type;
  objects: ts.Type[];
  members: Map<string, ts.Type | 'skip' | undefined>;
}

const shapes = new WeakMap<ts.Type, Shape>();

function shapeOf(checker: ts.TypeChecker, type: ts.Type): Shape {
  let shape = shapes.get(type);
  if (!shape) {
    const parts = objectParts(checker, type);
    const array = parts.find((t) => checker.isArrayType(t)) as ts.TypeReference | undefined;
    shape = {
      objectLike: parts.length > 0,
      element: array ? checker.getTypeArguments(array)[0] : undefined,
      objects: parts.filter((t) => !checker.isArrayType(t)),
      members: new Map(),
    };
    shapes.set(type, shape);
  }
  return shape;
}

function memberOf(
  checker: ts.TypeChecker,
  shape: Shape,
  key: string,
): ts.Type | 'skip' | undefined {
  if (shape.members.has(key)) return shape.members.get(key);
  let member: ts.Type | 'skip' | undefined;
  const prop = shape.objects.map((t) => t.getProperty(key)).find(Boolean);
  if (prop) {
    const decl = prop.valueDeclaration ?? prop.declarations?.[0];
    member = decl ? checker.getTypeOfSymbolAtLocation(prop, decl) : 'skip';
  } else {
    member = shape.objects.map((t) => t.getStringIndexType()).find(Boolean);
  }
  shape.members.set(key, member);
  return member;
}

function walk(
  checker: ts.TypeChecker,
  type: ts.Type,
  value: unknown,
  path: string,
  out: string[],
): void {
  if (value === null || typeof value !== 'object') return;
  const shape = shapeOf(checker, type);
  if (!shape.objectLike) return;
  if (Array.isArray(value)) {
    const element = shape.element;
    if (!element) return;
    value.forEach((item, i) => walk(checker, element, item, `${path}[${i}]`, out));
    return;
  }
  for (const [key, child] of Object.entries(value)) {
    const childPath = path ? `${path}.${key}` : key;
    const member = memberOf(checker, shape, key);
    if (member === undefined) out.push(childPath);
    else if (member !== 'skip') walk(checker, member, child, childPath, out);
  }
}

/** Dotted paths of every key the model's type does not declare (empty when strict-valid). */
export function undeclaredFields(value: unknown, model: ModelType): string[] {
  const { checker, type } = declaredType(model);
  const out: string[] = [];
  walk(checker, type, value, '', out);
  return out;
}
