import { cdktf, javascript, JsonFile } from 'projen';

// The only hand-edited project configuration. `npx projen` regenerates package.json, the
// tsconfigs, the eslint and jest settings and cdktf.json from this file.
const project = new cdktf.ConstructLibraryCdktf({
  name: 'cdktf-realtime-pipeline',
  description:
    'CDK for Terraform constructs for real-time data pipelines: Debezium CDC, Kafka topics and DLQs, schema contracts, Flink SQL with quality gates, and burn-rate SLOs.',
  author: 'cdktf-realtime-pipeline maintainers',
  authorAddress: 'maintainers@cdktf-realtime-pipeline.dev',
  repositoryUrl: 'https://github.com/cdktf-realtime-pipeline/cdktf-realtime-pipeline.git',
  keywords: ['cdktf', 'kafka', 'debezium', 'flink', 'slo', 'strimzi', 'argo-cd', 'confluent'],
  license: 'Apache-2.0',
  defaultReleaseBranch: 'main',
  projenrcTs: true,
  srcdir: 'lib',
  testdir: 'test',
  cdktfVersion: '0.21.0',
  constructsVersion: '10.4.2',
  typescriptVersion: '5.9.3',
  jsiiVersion: '~5.9.0',
  packageManager: javascript.NodePackageManager.NPM,
  github: false,
  release: false,
  sampleCode: false,
  // API.md documents the library's own API; the generated provider bindings are documented upstream.
  docgen: false,
  peerDeps: ['@cdktf/provider-kubernetes@^12.1.1'],
  // Runtime dependencies are bundled into the jsii package and loaded with require() during synth.
  bundledDeps: ['avsc@^5.7.9', 'yaml@^2.8.1'],
  devDeps: [
    '@swc/jest',
    '@swc/core',
    'ts-node@^10',
    '@types/node@^20',
    'cdktf-cli@0.21.0',
    // provider binding generation (offline, from providers/*.json)
    '@cdktf/provider-generator@0.21.0',
    '@cdktf/commons@0.21.0',
    '@cdktf/provider-schema@0.21.0',
    'codemaker@^1.112.0',
    'jsii-docgen@^10',
    // real validators used by the tests
    // Protobuf compatibility checks find buf when installed (it ships a ~90 MB binary): a dev dependency here.
    '@bufbuild/buf@^1.57.0',
    'ajv@^8.17.1',
    'ajv-formats@^3.0.1',
    'dt-sql-parser@^4.5.1',
    '@prometheus-io/lezer-promql@^0.315.0',
    '@lezer/lr@^1.4.2',
    '@lezer/highlight@^1.2.1',
    'fast-check@^4.3.0',
    // real databases for the CDC source-setup tests
    'pg@^8.16.0',
    '@types/pg@^8.15.0',
    'mysql2@^3.15.0',
  ],
  jestOptions: {
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    configFilePath: 'jest.config.json',
    jestConfig: {
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      // Compiled lib/*.js sit beside the sources (srcdir = libdir): always prefer the .ts source.
      moduleFileExtensions: ['ts', 'tsx', 'js', 'json', 'node'],
      setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
      transformIgnorePatterns: ['/node_modules/(?!(dt-sql-parser|antlr4-c3)/)'],
      coveragePathIgnorePatterns: ['/node_modules/', '<rootDir>/lib/providers/', '<rootDir>/test/'],
      testEnvironment: 'node',
      // The rehearsal's work dir and the engines hold files jest must not read as tests or snapshots.
      modulePathIgnorePatterns: ['<rootDir>/.rehearsal/', '<rootDir>/.tools/'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/.rehearsal/', '<rootDir>/.tools/'],
    },
  },
  eslintOptions: {
    dirs: ['lib'],
    devdirs: ['test', 'stacks', 'bench', 'scripts', '.projenrc.ts', 'projenrc'],
    ignorePatterns: ['lib/providers/', '*.js', '*.d.ts', 'node_modules/', 'cdktf.out/'],
  },
  // Source maps beside the JavaScript, not inlined: inline maps double what `require()` reads and
  // scans (about 50 ms of the library's import time).
  tsconfig: { compilerOptions: { inlineSourceMap: false, sourceMap: true, inlineSources: true } },
  gitignore: ['cdktf.out/', '.gen/', '*.tsbuildinfo', '.tools/', 'bench/.out/', 'test/.tmp/', '.rehearsal/', 'rehearsal/**/target/'],
  // The examples' lock files and synth output are this repository's, not a user's.
  npmIgnoreOptions: {
    ignorePatterns: ['/stacks/', '/bench/', '/scripts/', '/providers/', '/cdktf.json', '/.ci/', '/.tools/', '/.rehearsal/', 'target/', '/pipeline-locks/', '/cdktf.out/'],
  },
  // Node.js 20 and 22 are tested (see README); 20 is the oldest the toolchain supports.
  minNodeVersion: '20.0.0',
});

// `npm pack` of a fresh clone must hold the JavaScript: compile first.
project.addTask('prepack', {
  description: 'Compile (jsii) before npm pack, so a package never lacks its JavaScript',
  exec: 'npx projen compile',
});

// A platform repository installs the packed library and synthesizes from the README section alone.
project.addTask('check:package', {
  description: 'Pack the library, install it into a fresh platform repo and synthesize the README install example',
  exec: 'bash scripts/check-package.sh',
});

// The compiled library's source maps (see `tsconfig` above), next to its other build output.
project.gitignore.exclude('/lib/**/*.js.map');

// Jest: @swc/jest instead of ts-jest (ts-jest costs ~5 s and 800 MB per file on the build machine).
project.deps.removeDependency('ts-jest');
project.tryFindObjectFile('jest.config.json')?.addOverride('transform', {
  '^.+\\.[t]sx?$': ['@swc/jest', {}],
  '^.+\\.m?js$': ['@swc/jest', {}],
});
project.tryFindObjectFile('jest.config.json')?.addDeletionOverride('globals');
// The reasons suites skipped (missing tools, missing CRDs), printed without --verbose.
project.tryFindObjectFile('jest.config.json')?.addOverride('reporters', ['default', ['jest-junit', { outputDirectory: 'test-reports' }], '<rootDir>/test/skip-reporter.js']);
project.tryFindObjectFile('jest.config.json')?.addDeletionOverride('preset');

// cdktf.json: the example stacks are the main job; the provider list lets a user with Terraform
// regenerate the same bindings with `cdktf get`.
new JsonFile(project, 'cdktf.json', {
  obj: {
    language: 'typescript',
    app: 'npx ts-node --swc --prefer-ts-exts stacks/main.ts',
    projectId: 'cdktf-realtime-pipeline-examples',
    sendCrashReports: 'false',
    terraformProviders: ['mongey/kafka@0.13.1', 'mongey/kafka-connect@0.5.0', 'confluentinc/confluent@2.83.4'],
    terraformModules: [],
    // `cdktf get` writes <codeMakerOutput>/providers/<name>: the same place gen:providers writes.
    codeMakerOutput: 'lib',
    context: {},
  },
});

// The example stacks and the benchmark type-check (and lint) against the library sources.
for (const dir of ['stacks', 'bench', 'scripts']) {
  new JsonFile(project, `${dir}/tsconfig.json`, {
    obj: {
      extends: '../tsconfig.json',
      compilerOptions: { noEmit: true, rootDir: '..', isolatedModules: true },
      include: ['**/*.ts'],
      exclude: ['node_modules'],
    },
  });
}

// Offline provider bindings from the schemas in providers/ (generated code, never hand-edited):
// marked generated for review tools; CI regenerates them and fails on any difference.
project.gitattributes.addAttributes('/lib/providers/**', 'linguist-generated');
project.addTask('gen:providers', {
  description: 'Regenerate lib/providers/* from providers/*.json (offline, no Terraform needed)',
  exec: 'node scripts/gen-providers.js',
});

project.addTask('synth:examples', {
  description: 'Synthesize the example stacks in stacks/ (the main job)',
  env: { CHECKPOINT_DISABLE: '1' },
  exec: 'cdktf synth',
});

const docgen = project.addTask('docgen', {
  description: 'Generate API.md for the library API (without the generated provider bindings)',
  exec: 'node scripts/docgen.js',
});
project.postCompileTask.spawn(docgen);

project.addTask('rules:doc', {
  description: 'Generate RULES.md from the rule pack',
  exec: 'ts-node --swc --prefer-ts-exts --project scripts/tsconfig.json scripts/rules-doc.ts',
});

// The rehearsal tier: the example stacks on real Kafka, Debezium, Flink, OpenTofu and Prometheus
// (engines from rehearsal/install.sh). Its own tier, so `npm test` stays fast.
project.addTask('test:e2e', {
  description: 'Rehearse the example stacks on local engines (install them with bash rehearsal/install.sh)',
  env: { CHECKPOINT_DISABLE: '1' },
  exec: "jest --testMatch '<rootDir>/test/e2e/**/*.e2e.ts' --runInBand --coverage=false --reporters=default",
});

project.addTask('bench', {
  description: 'Synthesize generated pipelines of 10, 100 and 1,000 tables against a raw cdktf baseline',
  env: { CHECKPOINT_DISABLE: '1' },
  exec: 'node bench/run.js',
});

project.addBins({ 'realtime-pipeline': 'bin/realtime-pipeline' });

project.synth();
