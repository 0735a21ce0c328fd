import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface WrkOptions {
  url: string;
  headers: Record<string, string>;
  /** The GraphQL document; each request asks it for one of `idNumbers`, drawn at random by wrk's Lua. */
  query: string;
  operationName: string;
  idNumbers: string[];
  connections: number;
  threads: number;
  durationSeconds: number;
}

export interface WrkResult {
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Connect, read, write and timeout errors together. */
  socketErrors: number;
  non2xx: number;
  /** CPU the load generator itself used (user and system), from its parent shell's reaped-children times. */
  loadGeneratorCpuMs: number | null;
}

/**
 * Lua for wrk: the ID numbers are read once per thread from a file, and each request's body is
 * built from a random one, so that no two requests in a row are alike (no gateway cache or
 * de-duplication can answer them). Kept to string concatenation, so that wrk stays cheap.
 */
function luaScript(idFile: string, options: WrkOptions): string {
  const [prefix, suffix] = JSON.stringify({
    query: options.query,
    operationName: options.operationName,
    variables: { idNumber: '\u0000' },
  }).split('\\u0000');
  const headers = Object.entries({ 'content-type': 'application/json', ...options.headers })
    .map(([name, value]) => `wrk.headers[${JSON.stringify(name)}] = ${JSON.stringify(value)}`)
    .join('\n');
  return `
local ids = {}
for line in io.lines(${JSON.stringify(idFile)}) do ids[#ids + 1] = line end
local prefix = ${JSON.stringify(prefix)}
local suffix = ${JSON.stringify(suffix)}
wrk.method = "POST"
${headers}
math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
request = function()
  return wrk.format(nil, nil, nil, prefix .. ids[math.random(#ids)] .. suffix)
end
done = function(summary, latency, requests)
  io.write(string.format("CITYHUB %d %d %d %d %d %d %d %.0f %.0f\\n", summary.requests,
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout,
    summary.errors.status, summary.duration, latency:percentile(50), latency:percentile(99)))
end
`;
}

/**
 * Drives the gate with Debian's wrk: a C load generator costing a small part of what autocannon
 * costs per request, so that the machine's CPU goes to the server. Its own CPU is read and
 * reported, so that it can be told apart from the server's.
 */
export async function runWrk(options: WrkOptions): Promise<WrkResult> {
  const dir = mkdtempSync(join(tmpdir(), 'cityhub-wrk-'));
  const idFile = join(dir, 'ids.txt');
  const script = join(dir, 'gate.lua');
  writeFileSync(idFile, `${options.idNumbers.join('\n')}\n`);
  writeFileSync(script, luaScript(idFile, options));
  const wrk = [
    'wrk',
    `-t${options.threads}`,
    `-c${options.connections}`,
    `-d${options.durationSeconds}s`,
    '--timeout',
    '10s',
    '-s',
    script,
    options.url,
  ]
    .map((word) => `'${word.replace(/'/g, `'\\''`)}'`)
    .join(' ');
  // The shell reaps wrk, so its own stat then carries wrk's CPU in cutime and cstime.
  const output = await capture('sh', ['-c', `${wrk} && echo "SHELLSTAT $(cat /proc/$$/stat)"`]);
  const line = /^CITYHUB (.+)$/m.exec(output)?.[1];
  if (!line) throw new Error(`wrk gave no summary:\n${output}`);
  const [requests, connect, read, write, timeout, status, durationUs, p50Us, p99Us] = line
    .split(' ')
    .map(Number) as number[];
  return {
    requests: requests!,
    requestsPerSecond: requests! / (durationUs! / 1e6),
    p50Ms: p50Us! / 1000,
    p99Ms: p99Us! / 1000,
    socketErrors: connect! + read! + write! + timeout!,
    non2xx: status!,
    loadGeneratorCpuMs: reapedChildrenCpuMs(/^SHELLSTAT (.+)$/m.exec(output)?.[1]),
  };
}

/** cutime + cstime (fields 16 and 17) of a /proc/<pid>/stat line, in ms (USER_HZ 100). */
function reapedChildrenCpuMs(stat: string | undefined): number | null {
  if (!stat) return null;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

function capture(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve(output) : reject(new Error(`wrk exited with ${code}:\n${output}`)),
    );
  });
}
