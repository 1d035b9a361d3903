// oh-env/testing: a model's backends as emulators on this machine, with the env its app would get.
//
//   await using emu = await emulate('envs/openhands.yaml');
//   emu.env.DB_HOST, emu.env.STORAGE_EMULATOR_HOST, …   // what the app receives, pointing at the emulators
//   await emu.reset();                                  // between tests
//
// See docs/testing.md.
export { emulate, LAB_IMAGES, mainService, migrationJobs } from './emulate.js';
export type { EmulateOptions, Emulation, IsolatedDatabase, MigrationRun } from './emulate.js';
export type { BucketEndpoint, Endpoint, Endpoints, PostgresEndpoint, RedisEndpoint } from './endpoints.js';
export { toDotenv } from '../engine/secrets/dotenv.js';
