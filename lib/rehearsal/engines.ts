import * as fs from 'fs';
import * as path from 'path';
import { FLINK_RELEASES } from './flink';

/** What the rehearsal needs under the tools directory, by name, and where the installer puts it. */
export function engineFiles(tools: string): Record<string, string> {
  const files: Record<string, string> = {
    'Kafka (KRaft broker and Connect)': path.join(tools, 'kafka', 'libs'),
    'Prometheus JMX exporter agent': path.join(tools, 'kafka', 'jmx_prometheus_javaagent.jar'),
    'OpenTofu': path.join(tools, 'bin', 'tofu'),
    'OpenTofu CLI config (provider mirror)': path.join(tools, 'tofu.rc'),
    'Prometheus': path.join(tools, 'bin', 'prometheus'),
  };
  for (const release of new Set(Object.values(FLINK_RELEASES))) {
    files[`Flink ${release} with the SQL runner`] = path.join(tools, `flink-${release}`, 'usrlib', 'sql-runner.jar');
  }
  return files;
}

/** The engines that are not installed (empty when the rehearsal can run). */
export function missingEngines(tools: string): string[] {
  const missing = Object.entries(engineFiles(tools))
    .filter(([, f]) => !fs.existsSync(f))
    .map(([name]) => name);
  const hasDb = (names: string[]) => names.some((n) => fs.existsSync(path.join(tools, 'bin', n)) || fs.existsSync(`/usr/sbin/${n}`) || fs.existsSync(`/usr/bin/${n}`));
  if (!hasDb(['mariadbd'])) missing.push('MariaDB (mariadbd)');
  if (!hasDb(['initdb']) && !(fs.existsSync('/usr/lib/postgresql') && fs.readdirSync('/usr/lib/postgresql').length > 0)) missing.push('PostgreSQL (initdb)');
  return missing;
}
