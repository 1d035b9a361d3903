// The layer rules of docs/architecture.md, checked on every `npm run lint` and `npm test` (a violation fails
// the step). Data flows one way: cli → targets → engine → render → model, with drivers as the only I/O.
/** Node modules that do I/O; pure layers may use none of them (crypto, path, url and util stay allowed). */
const NODE_IO =
  '^(node:)?(fs|fs/promises|net|http|https|http2|child_process|dgram|dns|dns/promises|tls|os|readline|' +
  'worker_threads|cluster|inspector|v8|vm|process|stream|stream/promises)$';

/** Each SDK and the ONE driver module that may import it. */
const SDKS = {
  dockerode: '^src/drivers/docker/client\\.ts$',
  '@kubernetes/client-node': '^src/drivers/kube/client\\.ts$',
  execa: '^src/drivers/exec\\.ts$',
  testcontainers: '^src/drivers/testcontainers\\.ts$',
  '@testcontainers/postgresql': '^src/drivers/testcontainers\\.ts$',
  '@google-cloud/storage': '^src/drivers/gcs\\.ts$',
  pg: '^src/drivers/postgres\\.ts$',
};
// (^|/): node_modules may be a link to a shared folder, which the resolver follows.
const sdkPath = (name) => `(^|/)node_modules/${name}/`;
const ANY_SDK = `(${Object.keys(SDKS).map(sdkPath).join('|')})`;

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules that import each other cannot be understood, tested or loaded lazily one at a time.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'pure-model-and-render',
      severity: 'error',
      comment: 'model/ and render/ are pure: no driver, no Node I/O module, no SDK (they get data, return objects).',
      from: { path: '^src/(model|render)/', pathNot: '\\.test\\.ts$' },
      to: { path: ['^src/drivers/', NODE_IO, ANY_SDK] },
    },
    {
      name: 'drivers-below-everything',
      severity: 'error',
      comment: 'Drivers do I/O for the layers above them and know none of them.',
      from: { path: '^src/drivers/' },
      to: { path: '^(src/(targets|cli|engine|testing|events)/|tui/)' },
    },
    {
      name: 'events-know-no-ui',
      severity: 'error',
      comment: 'The event stream is rendered by the CLI and the TUI; it imports neither.',
      from: { path: '^src/events/' },
      to: { path: '^(src/cli/|tui/)' },
    },
    {
      name: 'tui-sees-only-events',
      severity: 'error',
      comment: 'The dashboard subscribes to the event API and nothing else of oh-env.',
      from: { path: '^tui/' },
      to: { path: '^src/', pathNot: '^src/events/' },
    },
    ...Object.entries(SDKS).map(([sdk, owner]) => ({
      name: `one-module-for-${sdk.replace(/[@/]/g, '-').replace(/^-/, '')}`,
      severity: 'error',
      comment: `${sdk} is imported by ${owner} only: one driver module per SDK, behind a narrow interface.`,
      from: { path: '^(src|tui)/', pathNot: [owner, '\\.test\\.tsx?$'] },
      // A type-only import loads nothing; the runtime dependency is what stays in one place.
      to: { path: sdkPath(sdk), dependencyTypesNot: ['type-only'] },
    })),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    // Not node_modules here: excluding it would drop the SDK imports the rules above look for.
    exclude: { path: '^dist/' },
  },
};
