/** Starts the project's own gzip static server (tests/serve.ts) on a free port, and stops it. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const SERVE = fileURLToPath(new URL('../serve.ts', import.meta.url));

/** A port nobody listens on right now. */
async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const address = probe.address();
  probe.close();
  await once(probe, 'close');
  if (!address || typeof address === 'string') throw new Error('could not find a free port');
  return address.port;
}

/** A running server: the site's URL (origin + base) and a way to stop it. */
export interface RunningServer {
  /** e.g. http://127.0.0.1:40123/ or …/blog/diffusion/ */
  site: string;
  stop(): Promise<void>;
}

/** Serves `dist` under `base` the way a CDN would (gzip), until stop() is called. */
export async function startServer(dist: string, base: string): Promise<RunningServer> {
  const port = await freePort();
  const child = spawn(process.execPath, [SERVE, dist], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', SITE_BASE: base },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const site = `http://127.0.0.1:${port}${base}`;
  const ready = new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Serving')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the static server exited (${code})`)));
  });
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error('the static server did not start in 15 s')), 15_000).unref(),
  );
  try {
    await Promise.race([ready, timeout]);
  } catch (error) {
    child.kill();
    throw error;
  }
  return {
    site,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}
