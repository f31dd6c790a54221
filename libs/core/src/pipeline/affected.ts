/**
 * Reads what `nx show projects --affected --json` prints: one JSON array of project names (on one
 * line, or pretty-printed). Nx may print notices before it; they are skipped.
 */
export function parseAffectedProjects(output: string): string[] {
  const lines = output.split('\n');
  for (let start = 0; start < lines.length; start++) {
    if (!lines[start].trimStart().startsWith('[')) continue;
    try {
      const parsed: unknown = JSON.parse(lines.slice(start).join('\n'));
      if (Array.isArray(parsed) && parsed.every((name) => typeof name === 'string')) {
        return [...new Set(parsed as string[])].sort();
      }
    } catch {
      // a notice that starts with `[`: keep looking
    }
  }
  throw new Error(
    'No project list in the `nx show projects --affected --json` output: expected a JSON array of project names.',
  );
}
