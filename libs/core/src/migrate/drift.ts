import { unifiedDiff } from '../promotion/diff';

/**
 * How a service's files differ from what the generator writes today: a diff per generated file
 * that differs, then the files only the workspace has (local additions, which no migration touches).
 */
export function describeDrift(
  today: Record<string, string>,
  read: (path: string) => string | undefined,
  present: readonly string[],
): string {
  const parts: string[] = [];
  for (const [path, text] of Object.entries(today)) {
    const current = read(path);
    if (current === undefined)
      parts.push(`--- /dev/null\n+++ b/${path} (today's generator adds it)`);
    else if (current !== text) parts.push(unifiedDiff(path, current, text));
  }
  const extra = present.filter((path) => !(path in today));
  if (extra.length > 0)
    parts.push(
      `Only in the workspace (yours, kept as they are):\n${extra.map((p) => `  ${p}`).join('\n')}`,
    );
  return parts.length === 0
    ? 'It is exactly what the generator writes today.'
    : `How it differs from what the generator writes today (- now, + today):\n${parts.join('\n')}`;
}
