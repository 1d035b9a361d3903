// oh-env as a library (the package's "." export): the CLI as a function, the model loader and the error
// type. Emulated backends for tests are the "./testing" export (src/testing/index.ts).
//
//   import { run, loadModel } from 'oh-env';
//   const code = await run(['render', 'local', '-f', 'oh-env.yaml'], io);
export { run } from './cli/main.js';
export type { CliIO, OutStream } from './cli/io.js';
export { loadModel } from './model/load.js';
export { diskReader, type FileReader } from './drivers/files.js';
export type { LoadedModel, LoadOptions } from './model/load.js';
export type { Environment } from './model/schema.js';
export { OhEnvError, type ErrorCode, type Issue } from './errors.js';
