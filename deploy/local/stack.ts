/**
 * A real local Kafka broker (KRaft) and Apicurio Registry (Confluent-compatible API), installed from
 * Maven Central and started as plain Java processes: the stack for machines without Docker. The same
 * module serves `npm run stack -- up|down|status` and the integration tests' global setup.
 */
import { execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const HERE = dirname(fileURLToPath(import.meta.url));
export const PROJECT_ROOT = resolve(HERE, '..', '..');

export const DEFAULT_KAFKA_VERSION = '3.9.2';
/** The newest 3.x Apicurio that runs on Java 17 (3.1 and later are built for Java 21). */
export const DEFAULT_APICURIO_VERSION = '3.0.9';
/** Used when no 3.x distribution resolves. */
export const FALLBACK_APICURIO_VERSION = '2.6.13.Final';

export interface StackOptions {
  /** Runtime, data and logs live here (`.stack` for the developer stack). */
  readonly home: string;
  readonly kafkaVersion?: string;
  readonly apicurioVersion?: string;
  /** Preferred ports; a busy or 0 port is replaced by a free one. */
  readonly kafkaPort?: number;
  readonly controllerPort?: number;
  readonly registryPort?: number;
  /** Start from empty data (tests). */
  readonly fresh?: boolean;
  readonly log?: (line: string) => void;
}

export interface StackStatus {
  readonly kafka: string;
  readonly schemaRegistry: string;
  readonly running: boolean;
}

interface StackState {
  kafkaVersion: string;
  apicurioVersion: string;
  kafkaPort: number;
  controllerPort: number;
  registryPort: number;
  kafkaPid?: number;
  registryPid?: number;
}

export class StackError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

function alive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolvePort) => {
    const server = createServer();
    server.once('error', () => resolvePort(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolvePort(true)));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

function tcpOpen(port: number): Promise<boolean> {
  return new Promise((resolveOpen) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolveOpen(true);
    });
    socket.once('error', () => resolveOpen(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolveOpen(false);
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function major(version: string): number {
  return Number.parseInt(version.split('.')[0] ?? '0', 10);
}

function minor(version: string): number {
  return Number.parseInt(version.split('.')[1] ?? '0', 10);
}

async function javaMajor(java: string): Promise<number> {
  try {
    const { stderr } = await run(java, ['-version']);
    const match = /version "(\d+)(?:\.(\d+))?/.exec(stderr);
    if (!match) return 0;
    const first = Number(match[1]);
    return first === 1 ? Number(match[2]) : first;
  } catch {
    return 0;
  }
}

/** A `java` of at least `min`: JAVA_HOME, then PATH, then the JDKs under /usr/lib/jvm. */
async function findJava(min: number): Promise<string> {
  const candidates = [
    process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : undefined,
    'java',
    ...(existsSync('/usr/lib/jvm')
      ? readdirSync('/usr/lib/jvm').map((d) => join('/usr/lib/jvm', d, 'bin', 'java'))
      : []),
  ].filter((c): c is string => Boolean(c));
  for (const java of candidates) {
    if ((await javaMajor(java)) >= min) return java;
  }
  throw new StackError(
    'STACK_JAVA_MISSING',
    `a Java ${min} or newer is required (install OpenJDK ${min}, or set JAVA_HOME)`,
  );
}

export class LocalStack {
  readonly home: string;
  readonly #options: StackOptions;
  readonly #log: (line: string) => void;

  constructor(options: StackOptions) {
    this.#options = options;
    this.home = resolve(options.home);
    this.#log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
  }

  get #statePath(): string {
    return join(this.home, 'state.json');
  }

  #readState(): StackState | undefined {
    if (!existsSync(this.#statePath)) return undefined;
    return JSON.parse(readFileSync(this.#statePath, 'utf8')) as StackState;
  }

  #writeState(state: StackState): void {
    writeFileSync(this.#statePath, `${JSON.stringify(state, null, 2)}\n`);
  }

  async status(): Promise<StackStatus> {
    const state = this.#readState();
    if (!state) return { kafka: '', schemaRegistry: '', running: false };
    const kafka = `127.0.0.1:${state.kafkaPort}`;
    const schemaRegistry = `http://127.0.0.1:${state.registryPort}/apis/ccompat/v7`;
    const running =
      alive(state.kafkaPid) &&
      alive(state.registryPid) &&
      (await tcpOpen(state.kafkaPort)) &&
      (await fetch(`${schemaRegistry}/subjects`)
        .then((r) => r.ok)
        .catch(() => false));
    return { kafka, schemaRegistry, running };
  }

  async up(): Promise<StackStatus> {
    mkdirSync(this.home, { recursive: true });
    const current = await this.status();
    if (current.running) {
      this.#log(`stack already running: kafka ${current.kafka}, registry ${current.schemaRegistry}`);
      return current;
    }
    await this.down();
    if (this.#options.fresh) rmSync(join(this.home, 'data'), { recursive: true, force: true });
    const previous = this.#readState();
    // A kept stack stays on the version it was created with; a fresh one takes the default.
    const kept = this.#options.fresh ? undefined : previous?.kafkaVersion;
    const kafkaVersion =
      this.#options.kafkaVersion ?? process.env.KAFKA_VERSION ?? kept ?? DEFAULT_KAFKA_VERSION;
    const requestedApicurio =
      this.#options.apicurioVersion ?? process.env.APICURIO_VERSION ?? DEFAULT_APICURIO_VERSION;
    const kafkaLibs = await this.#installKafka(kafkaVersion);
    const { dir: registryDir, version: apicurioVersion } = await this.#installRegistry(requestedApicurio);
    const state: StackState = {
      kafkaVersion,
      apicurioVersion,
      kafkaPort: await this.#port(this.#options.kafkaPort ?? previous?.kafkaPort ?? 19092),
      controllerPort: 0,
      registryPort: 0,
    };
    state.controllerPort = await this.#port(
      this.#options.controllerPort ?? previous?.controllerPort ?? 19093,
      [state.kafkaPort],
    );
    state.registryPort = await this.#port(this.#options.registryPort ?? previous?.registryPort ?? 18081, [
      state.kafkaPort,
      state.controllerPort,
    ]);
    if (
      previous &&
      (previous.kafkaVersion !== kafkaVersion || previous.controllerPort !== state.controllerPort)
    ) {
      this.#log('kafka version or controller port changed: re-creating the broker data');
      rmSync(join(this.home, 'data', 'kafka'), { recursive: true, force: true });
    }
    this.#writeState(state);
    state.kafkaPid = await this.#startKafka(kafkaLibs, state);
    this.#writeState(state);
    state.registryPid = await this.#startRegistry(registryDir, state);
    this.#writeState(state);
    await this.#waitReady(state);
    const status = await this.status();
    this.#log(
      `stack up: kafka ${status.kafka} (Apache Kafka ${kafkaVersion}), registry ${status.schemaRegistry} (Apicurio ${apicurioVersion})`,
    );
    return status;
  }

  async down(): Promise<void> {
    const state = this.#readState();
    if (!state) return;
    for (const pid of [state.registryPid, state.kafkaPid]) {
      if (!alive(pid)) continue;
      try {
        process.kill(-pid!, 'SIGTERM');
      } catch {
        process.kill(pid!, 'SIGTERM');
      }
      for (let i = 0; i < 100 && alive(pid); i++) await sleep(200);
      if (alive(pid)) {
        this.#log(`process ${pid} did not stop in 20 s: killing it`);
        try {
          process.kill(-pid!, 'SIGKILL');
        } catch {
          process.kill(pid!, 'SIGKILL');
        }
      }
    }
    delete state.kafkaPid;
    delete state.registryPid;
    this.#writeState(state);
  }

  /** Removes data and logs (keeps the downloaded runtimes). */
  async clean(): Promise<void> {
    await this.down();
    rmSync(join(this.home, 'data'), { recursive: true, force: true });
    rmSync(join(this.home, 'logs'), { recursive: true, force: true });
  }

  async #port(preferred: number, taken: number[] = []): Promise<number> {
    // A restarted stack keeps its addresses (clients hold them): give a port that was just released a moment.
    for (let attempt = 0; preferred > 0 && !taken.includes(preferred) && attempt < 20; attempt++) {
      if (await portFree(preferred)) return preferred;
      await sleep(500);
    }
    for (;;) {
      const port = await freePort();
      if (!taken.includes(port)) return port;
    }
  }

  async #mvn(args: string[]): Promise<void> {
    try {
      await run('mvn', ['-q', '-B', ...args], { maxBuffer: 16 * 1024 * 1024 });
    } catch (error) {
      const e = error as NodeJS.ErrnoException & { stdout?: string; stderr?: string };
      if (e.code === 'ENOENT') {
        throw new StackError(
          'STACK_MAVEN_MISSING',
          'Maven (mvn) is required to install the local stack; install maven and Java 17',
        );
      }
      const output = `${e.stdout ?? ''}${e.stderr ?? ''}`
        .split('\n')
        .filter((l) => l.includes('ERROR'))
        .slice(0, 5)
        .join('\n');
      throw new StackError('STACK_INSTALL_FAILED', `mvn ${args[0]} failed:\n${output}`);
    }
  }

  async #installKafka(version: string): Promise<string> {
    const libs = join(this.home, 'runtime', `kafka-${version}`, 'libs');
    if (existsSync(join(libs, '.complete'))) return libs;
    this.#log(`installing Apache Kafka ${version} from Maven Central (cached in ~/.m2)…`);
    rmSync(libs, { recursive: true, force: true });
    await this.#mvn([
      '-f',
      join(PROJECT_ROOT, 'deploy', 'local', 'kafka-runtime', 'pom.xml'),
      ...(major(version) < 4 ? ['-Pkafka-3'] : []),
      `-Dkafka.version=${version}`,
      'dependency:copy-dependencies',
      '-DincludeScope=runtime',
      `-DoutputDirectory=${libs}`,
    ]);
    writeFileSync(join(libs, '.complete'), version);
    return libs;
  }

  async #installRegistry(version: string): Promise<{ dir: string; version: string }> {
    const dir = join(this.home, 'runtime', `apicurio-${version}`);
    if (existsSync(join(dir, '.complete'))) return { dir, version };
    this.#log(`installing Apicurio Registry ${version} from Maven Central (cached in ~/.m2)…`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    try {
      await this.#mvn([
        'dependency:copy',
        `-Dartifact=io.apicurio:apicurio-registry-app:${version}:tar.gz:all`,
        `-DoutputDirectory=${dir}`,
        '-Dmdep.stripVersion=true',
      ]);
    } catch (error) {
      if (version === FALLBACK_APICURIO_VERSION || major(version) < 3) throw error;
      this.#log(
        `Apicurio ${version} did not resolve (${(error as Error).message.split('\n')[0]}); falling back to ${FALLBACK_APICURIO_VERSION}`,
      );
      return this.#installRegistry(FALLBACK_APICURIO_VERSION);
    }
    await run('tar', ['xzf', join(dir, 'apicurio-registry-app-all.tar.gz'), '-C', dir]);
    rmSync(join(dir, 'apicurio-registry-app-all.tar.gz'));
    writeFileSync(join(dir, '.complete'), version);
    return { dir, version };
  }

  #logFile(name: string): number {
    const logs = join(this.home, 'logs');
    mkdirSync(logs, { recursive: true });
    return openSync(join(logs, `${name}.log`), 'a');
  }

  async #startKafka(libs: string, state: StackState): Promise<number> {
    const java = await findJava(17);
    const data = join(this.home, 'data', 'kafka');
    mkdirSync(data, { recursive: true });
    const v4 = major(state.kafkaVersion) >= 4;
    const properties = join(this.home, 'server.properties');
    writeFileSync(
      properties,
      [
        'process.roles=broker,controller',
        'node.id=1',
        `controller.quorum.voters=1@127.0.0.1:${state.controllerPort}`,
        `listeners=PLAINTEXT://127.0.0.1:${state.kafkaPort},CONTROLLER://127.0.0.1:${state.controllerPort}`,
        `advertised.listeners=PLAINTEXT://127.0.0.1:${state.kafkaPort}`,
        'controller.listener.names=CONTROLLER',
        'inter.broker.listener.name=PLAINTEXT',
        'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
        `log.dirs=${data}`,
        'num.partitions=1',
        'auto.create.topics.enable=false',
        'offsets.topic.replication.factor=1',
        'offsets.topic.num.partitions=1',
        'transaction.state.log.replication.factor=1',
        'transaction.state.log.min.isr=1',
        'transaction.state.log.num.partitions=1',
        'group.initial.rebalance.delay.ms=0',
        'num.network.threads=2',
        'num.io.threads=2',
        'log.cleaner.dedupe.buffer.size=33554432',
        ...(v4
          ? ['share.coordinator.state.topic.replication.factor=1', 'share.coordinator.state.topic.min.isr=1']
          : []),
        '',
      ].join('\n'),
    );
    const logConfig = v4
      ? `-Dlog4j2.configurationFile=${join(PROJECT_ROOT, 'deploy', 'local', 'kafka-runtime', 'log4j2.properties')}`
      : `-Dlog4j.configuration=file:${join(PROJECT_ROOT, 'deploy', 'local', 'kafka-runtime', 'log4j.properties')}`;
    const classpath = `${libs}/*`;
    const clusterIdFile = join(this.home, 'data', 'cluster-id');
    if (!existsSync(clusterIdFile)) {
      // Kafka's own ids never start with '-' or '_' (the storage tool would read one as an option).
      let id = '';
      while (!/^[A-Za-z0-9]/.test(id))
        id = Buffer.from(randomUUID().replace(/-/g, ''), 'hex').toString('base64url').slice(0, 22);
      writeFileSync(clusterIdFile, id);
    }
    const clusterId = readFileSync(clusterIdFile, 'utf8').trim();
    await run(java, [
      '-Xmx256m',
      '-cp',
      classpath,
      logConfig,
      'kafka.tools.StorageTool',
      'format',
      '-t',
      clusterId,
      '-c',
      properties,
      '--ignore-formatted',
    ]);
    const log = this.#logFile('kafka');
    const child = spawn(
      java,
      [
        '-Xms512m',
        '-Xmx1g',
        '-XX:+UseG1GC',
        '-XX:MaxGCPauseMillis=20',
        '-XX:TieredStopAtLevel=1',
        '-Djava.awt.headless=true',
        `-Dkafka.logs.dir=${join(this.home, 'logs')}`,
        logConfig,
        '-cp',
        classpath,
        'kafka.Kafka',
        properties,
      ],
      { detached: true, stdio: ['ignore', log, log] },
    );
    child.unref();
    if (!child.pid) throw new StackError('STACK_START_FAILED', 'could not start the Kafka broker');
    return child.pid;
  }

  async #startRegistry(dir: string, state: StackState): Promise<number> {
    const v3 = major(state.apicurioVersion) >= 3;
    const java = await findJava(
      v3 && (major(state.apicurioVersion) > 3 || minor(state.apicurioVersion) >= 1) ? 21 : 17,
    );
    const jar = ['quarkus-run.jar', ...readdirSync(dir).filter((f) => f.endsWith('-runner.jar'))].find((f) =>
      existsSync(join(dir, f)),
    );
    if (!jar) throw new StackError('STACK_START_FAILED', `no runnable jar in ${dir}`);
    const data = join(this.home, 'data', 'registry');
    mkdirSync(data, { recursive: true });
    // Schemas persist with the broker's data, so ids inside stored records stay valid across restarts.
    const storage = v3
      ? [`-Dapicurio.datasource.url=jdbc:h2:file:${join(data, 'registry')}`]
      : [`-Dregistry.datasource.url=jdbc:h2:file:${join(data, 'registry')}`];
    const log = this.#logFile('registry');
    const child = spawn(
      java,
      [
        '-Xmx512m',
        '-XX:+UseG1GC',
        '-XX:TieredStopAtLevel=1',
        `-Dquarkus.http.host=127.0.0.1`,
        `-Dquarkus.http.port=${state.registryPort}`,
        '-Dquarkus.log.level=WARN',
        ...storage,
        '-jar',
        join(dir, jar),
      ],
      { detached: true, stdio: ['ignore', log, log], cwd: dir },
    );
    child.unref();
    if (!child.pid) throw new StackError('STACK_START_FAILED', 'could not start Apicurio Registry');
    return child.pid;
  }

  async #waitReady(state: StackState): Promise<void> {
    const deadline = Date.now() + 120_000;
    const { createKafka } = await import('@sluice/kafka');
    let kafkaReady = false;
    let registryReady = false;
    while (Date.now() < deadline && !(kafkaReady && registryReady)) {
      if (!alive(state.kafkaPid))
        throw new StackError(
          'STACK_START_FAILED',
          `Kafka exited; see ${join(this.home, 'logs', 'kafka.log')}`,
        );
      if (!alive(state.registryPid)) {
        throw new StackError(
          'STACK_START_FAILED',
          `Apicurio exited; see ${join(this.home, 'logs', 'registry.log')}`,
        );
      }
      if (!kafkaReady && (await tcpOpen(state.kafkaPort))) {
        const admin = createKafka({
          brokers: [`127.0.0.1:${state.kafkaPort}`],
          clientId: 'stack-probe',
        }).admin();
        try {
          await admin.connect();
          const cluster = await admin.describeCluster();
          kafkaReady = cluster.brokers.length > 0;
        } catch {
          kafkaReady = false;
        } finally {
          await admin.disconnect().catch(() => undefined);
        }
      }
      if (!registryReady) {
        registryReady = await fetch(`http://127.0.0.1:${state.registryPort}/apis/ccompat/v7/subjects`)
          .then((r) => r.ok)
          .catch(() => false);
      }
      if (!(kafkaReady && registryReady)) await sleep(500);
    }
    if (!(kafkaReady && registryReady)) {
      throw new StackError(
        'STACK_START_TIMEOUT',
        `stack not ready after 120 s (kafka ${kafkaReady}, registry ${registryReady}); logs in ${join(this.home, 'logs')}`,
      );
    }
  }
}
