import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Nx reads this when its modules load: the cache files go to a folder of this test's own.
const dataDir = mkdtempSync(join(tmpdir(), 'fabrik-run-cache-'));
process.env.NX_WORKSPACE_DATA_DIRECTORY = dataDir;
const { RunCache } = require('./plugin-cache') as typeof import('./plugin-cache');

const file = () => join(dataDir, readdirSync(dataDir)[0]);
const entries = () => Object.keys(JSON.parse(readFileSync(file(), 'utf8')).entries).sort();

describe('RunCache', () => {
  it('keeps what a run used, drops the rest, and leaves the file alone when nothing changed', () => {
    const first = new RunCache<number>('probe', {});
    first.set('a', 1);
    first.set('b', 2);
    first.save();
    expect(entries()).toEqual(['a', 'b']);

    const warm = new RunCache<number>('probe', {});
    expect([warm.get('a'), warm.get('b')]).toEqual([1, 2]);
    const before = statSync(file()).mtimeMs;
    warm.save();
    expect(statSync(file()).mtimeMs).toBe(before);

    const smaller = new RunCache<number>('probe', {});
    expect(smaller.get('a')).toBe(1);
    smaller.save();
    expect(entries()).toEqual(['a']);
    expect(new RunCache<number>('probe', {}).get('b')).toBeUndefined();
  });
});
