import { spawn, spawnSync } from 'node:child_process';

// Runs a command on a pseudo-terminal with python3's pty module (no native addon): stdin, stdout
// and stderr are the terminal. Steps wait for a regex in the output (after the previous match),
// optionally append to a file, then type keys and/or send a signal. Prints one JSON line: the output and the exit code.
const DRIVER = String.raw`
import json, os, pty, re, select, signal, struct, sys, termios, fcntl, time
spec = json.loads(sys.stdin.read())
master, slave = pty.openpty()
fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack('HHHH', spec['rows'], 200, 0, 0))
pid = os.fork()
if pid == 0:
    os.setsid()
    fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
    for fd in (0, 1, 2):
        os.dup2(slave, fd)
    os.close(master)
    os.chdir(spec['cwd'])
    os.execve(spec['argv'][0], spec['argv'], spec['env'])
os.close(slave)
out = b''
pos = 0
steps = list(spec['steps'])
deadline = time.time() + spec['timeout']
timed_out = False
stuck = None
while True:
    if time.time() > deadline:
        timed_out = True
        stuck = steps[0]['wait'] if steps else None
        os.kill(pid, signal.SIGKILL)
        break
    r, _, _ = select.select([master], [], [], 0.05)
    if r:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        out += data
    while steps:
        m = re.compile(steps[0]['wait'].encode()).search(out, pos)
        if not m:
            break
        step = steps.pop(0)
        pos = m.end()
        time.sleep(step.get('delay', 0.05))
        if step.get('append'):
            with open(step['append']['path'], 'a') as f:
                f.write(step['append']['text'])
        if step.get('send') is not None:
            os.write(master, step['send'].encode())
        if step.get('kill'):
            os.kill(pid, getattr(signal, 'SIG' + step['kill']))
_, status = os.waitpid(pid, 0)
code = os.waitstatus_to_exitcode(status)
sys.stdout.write(json.dumps({'output': out.decode('utf-8', 'replace'), 'code': code, 'timedOut': timed_out, 'stuck': stuck, 'unusedSteps': len(steps)}))
`;

/** One step of a terminal session: wait for `wait` in the output, then maybe edit a file, then type `send`. */
export interface PtyStep {
  /** A Python regex searched in the output after the previous step's match. */
  wait: string;
  /** Keys to type (raw: `\r` is Enter, `\x03` Ctrl-C). */
  send?: string;
  /** Appended to a file before typing. */
  append?: { path: string; text: string };
  /** A signal to send the process after typing, e.g. `INT`. */
  kill?: string;
  /** Seconds to wait before acting; default 0.05. */
  delay?: number;
}

/** What a terminal session printed (stdout and stderr interleaved, escape codes included) and how it ended. */
export interface PtyRun {
  output: string;
  /** Exit code, or minus the signal number. */
  code: number;
  timedOut: boolean;
  /** The step still waited for when the time ran out. */
  stuck: string | null;
  unusedSteps: number;
}

/** Whether python3 with the pty module is there to drive terminal sessions. */
export function hasPty(): boolean {
  return spawnSync('python3', ['-c', 'import pty, termios'], { stdio: 'ignore' }).status === 0;
}

/** Runs `argv` on a pseudo-terminal (200 columns, `rows` rows, 50 by default) in `cwd` with `env`, following `steps`. */
export function runInPty(argv: string[], options: { cwd: string; env: NodeJS.ProcessEnv; steps: PtyStep[]; timeoutSeconds?: number; rows?: number }): Promise<PtyRun> {
  const spec = { argv, cwd: options.cwd, env: options.env, steps: options.steps, timeout: options.timeoutSeconds ?? 30, rows: options.rows ?? 50 };
  return new Promise((resolve, reject) => {
    const child = spawn('python3', ['-c', DRIVER], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`pty driver failed (${code}): ${stderr}`));
      resolve(JSON.parse(stdout) as PtyRun);
    });
    child.stdin.end(JSON.stringify(spec));
  });
}

/** The text a terminal would keep, roughly: escape sequences removed, CRLF as LF. */
export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text
    .replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, '')
    .replace(/\x1b[()][0-9A-Za-z]/g, '')
    .replace(/\r\n/g, '\n');
}
