import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';

export interface BrokerLaunch {
  readonly java: string;
  readonly classpath: string;
  readonly log4jConfigFile: string;
  readonly propertiesFile: string;
  /** stdout and stderr are appended here (kept across restarts of the same broker). */
  readonly logFile: string;
  readonly heapMb: number;
}

/** One running JVM of the broker. */
export interface BrokerProcess {
  readonly pid: number;
  /** Resolves with the exit code (null when killed by a signal) once the JVM is gone. */
  readonly exited: Promise<number | null>;
  hasExited(): boolean;
  /** SIGTERM (Kafka's clean shutdown hook), then SIGKILL after `timeoutMs`. */
  stop(timeoutMs: number): Promise<void>;
  /** SIGKILL: a crash, no clean shutdown. */
  kill(): Promise<void>;
}

export function jvmArgs(launch: BrokerLaunch): string[] {
  return [
    `-Xmx${launch.heapMb}m`,
    `-Xms${launch.heapMb}m`,
    '-XX:+UseG1GC',
    '-XX:MaxGCPauseMillis=20',
    '-XX:InitiatingHeapOccupancyPercent=35',
    '-XX:+ExplicitGCInvokesConcurrent',
    '-Djava.awt.headless=true',
    `-Dlog4j2.configurationFile=${launch.log4jConfigFile}`,
    '-cp',
    launch.classpath,
    'kafka.Kafka',
    launch.propertiesFile,
  ];
}

export function spawnBroker(launch: BrokerLaunch): BrokerProcess {
  // The JVM writes straight into the file, so its output never depends on this event loop.
  const logFd = openSync(launch.logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(launch.java, jvmArgs(launch), { stdio: ['ignore', logFd, logFd] });
  } finally {
    closeSync(logFd);
  }
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${launch.java}`);

  // If this Node process exits without stopping the broker, take the JVM down with it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  let done = false;
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      done = true;
      process.removeListener('exit', killOnExit);
      resolve(code);
    });
    child.once('error', () => {
      done = true;
      process.removeListener('exit', killOnExit);
      resolve(null);
    });
  });

  return {
    pid,
    exited,
    hasExited: () => done,
    async stop(timeoutMs) {
      if (done) return;
      child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), timeoutMs);
      });
      const outcome = await Promise.race([exited, timedOut]);
      clearTimeout(timer);
      if (outcome === 'timeout') {
        child.kill('SIGKILL');
        await exited;
      }
    },
    async kill() {
      if (done) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}
