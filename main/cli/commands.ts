import type { CliCommand } from './command';
import { analyzeCommand } from './analyze';
import { exportCommand } from './export';
import { figureCommand } from './figure';
import { growCommand } from './grow';
import { inspectCommand } from './inspect';
import { recordCommand } from './record';
import { gatherCommand, reproduceCommand } from './reproduce';
import { hierarchyCommand } from './hierarchy';
import { serveCommand } from './serve';
import { splitCommand } from './split';
import { surfaceCommand } from './surface';
import { trainCommand } from './train';

/** Every CLI command; add new ones here (one line each). */
export const COMMANDS: readonly CliCommand[] = [analyzeCommand, serveCommand, trainCommand, splitCommand, recordCommand, surfaceCommand, exportCommand, inspectCommand, figureCommand, reproduceCommand, gatherCommand, growCommand, hierarchyCommand];
