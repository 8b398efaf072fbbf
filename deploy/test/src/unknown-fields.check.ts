import path from 'node:path';
import ts from 'typescript';
import { describeObject, type KubeObject } from './kustomize';
import type { KnownModel } from './kubernetes-models.schema';

/**
 * The published schemas (like the API server without strict validation) let unknown fields through, so a
 * misspelt `readinesProbe` would pass them. TypeScript's excess-property check does not: each object becomes
 * a literal typed with its kubernetes-models interface, and the compiler names every field the type lacks.
 */
export function unknownFieldProblems(
  objects: readonly { object: KubeObject; known: KnownModel }[],
): string[] {
  const file = path.join(__dirname, '__rendered-objects__.ts');
  const owners: { firstLine: number; name: string }[] = [];
  const lines: string[] = [];
  objects.forEach(({ object, known }, index) => {
    const type = `T${index}`;
    lines.push(`import type { ${known.typeName} as ${type} } from '${known.typeModule}';`);
    owners.push({ firstLine: lines.length, name: describeObject(object) });
    lines.push(...`export const o${index}: ${type} = ${JSON.stringify(object, null, 2)};`.split('\n'));
  });
  const source = lines.join('\n');

  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (name) => (name === file ? source : readFile(name));
  host.fileExists = (name) => name === file || fileExists(name);
  host.getSourceFile = (name, language, ...rest) =>
    name === file ? ts.createSourceFile(name, source, language) : getSourceFile(name, language, ...rest);
  const program = ts.createProgram([file], options, host);

  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    if (diagnostic.file?.fileName !== file || diagnostic.start === undefined) return message;
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    const owner = owners.filter((o) => o.firstLine <= line).at(-1);
    return `${owner?.name ?? '?'} (line ${line - (owner?.firstLine ?? 0) + 1}): ${message}`;
  });
}
