import * as path from 'path';

/**
 * The `realtime-pipeline` command. Each sub-command lives in its own module, loaded only when
 * called, so `realtime-pipeline --help` stays instant.
 */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

interface CommandModule {
  run(args: string[], io: CliIo): Promise<number> | number;
}

const COMMANDS: Record<string, { module: string; summary: string }> = {
  schemas: { module: './schemas-command', summary: 'schemas check --format avro|protobuf|json --compatibility LEVEL PREVIOUS NEXT' },
  slo: { module: './slo-command', summary: 'slo rules FILE   (OpenSLO v1 SLO documents -> Prometheus rules YAML)' },
  rehearse: { module: './rehearse-command', summary: 'rehearse STACK [--keep]   (run a synthesized stack on local Kafka, Debezium, Flink, OpenTofu and Prometheus)' },
};

export function usage(): string {
  return [
    'usage: realtime-pipeline <command> [options]',
    '',
    'commands:',
    ...Object.values(COMMANDS).map((c) => `  ${c.summary}`),
    '',
    'options:',
    '  --version  print the version of cdktf-realtime-pipeline',
    '',
    'exit codes: 0 ok, 1 check failed, 2 bad usage or unreadable input',
  ].join('\n');
}

/**
 * The installed package's version. `package.json` sits two levels above both `lib/cli/main.ts` and
 * the compiled `lib/cli/main.js`, so the same path works from a checkout and an installed package.
 */
export function packageVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(__dirname, '..', '..', 'package.json')).version;
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-V' || name === 'version') {
    io.out(packageVersion());
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  let mod: CommandModule;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require(command.module);
  } catch (e) {
    io.err(`command "${name}" is not available in this build: ${(e as Error).message}`);
    return 2;
  }
  return mod.run(rest, io);
}
