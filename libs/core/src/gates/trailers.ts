/** Git trailers that record why a deploy went past a safeguard (`git log --format=%(trailers)`). */
export const TRAILERS = {
  skipGate: 'Promotion-Gate-Skipped',
  allowRejected: 'Rejected-Image-Allowed',
  rolledBack: 'Rolled-Back-Image',
} as const;

/** One `Key: value` line; newlines in the value would end the trailer, so they become spaces. */
export function trailer(key: string, value: string): string {
  return `${key}: ${value.replace(/\s*\n\s*/g, ' ').trim()}`;
}

/** Overrides need a reason that says something: empty or one-word placeholders are refused. */
export function requireReason(flag: string, reason: string | undefined): string {
  const text = reason?.trim() ?? '';
  if (text.length < 8) {
    throw new Error(
      `${flag} needs --reason "<why>" (at least a few words); it is recorded in the commit.`,
    );
  }
  return text;
}
