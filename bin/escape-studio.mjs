#!/usr/bin/env node
// Runs the TypeScript CLI through tsx so `npx escape-studio` works from a checkout without a build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../main/cli/index.ts');
process.exitCode = await main(process.argv.slice(2));
