import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot, packageVersion } from '../../../native-workers/pool/packageRoot';

describe('packageRoot', () => {
  it('finds the escape-studio package.json above the module, wherever the module sits', () => {
    const root = packageRoot();
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string };
    expect(pkg.name).toBe('escape-studio');
    expect(packageVersion()).toBe(pkg.version);
    expect(existsSync(join(root, 'native-workers/pool/packageRoot.ts'))).toBe(true);
  });
});
