/**
 * Starts one of the page's bundled workers (the simulation, the renderer). A page in a sandboxed
 * iframe (an embed with sandbox="allow-scripts") has an opaque origin and may not start a worker
 * from the site's URL; there the script is fetched (assets are served with CORS) and started from
 * a blob. Messages posted before a blob worker runs wait for it.
 */

/** The part of a Worker the page uses (tests pass a fake). */
export interface WorkerLike<Request, Response> {
  postMessage(message: Request, transfer?: Transferable[]): void;
  terminate(): void;
  onmessage: ((event: MessageEvent<Response>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  onmessageerror: ((event: MessageEvent) => void) | null;
}

/**
 * `start()` is the bundler's `new Worker(new URL(…), { type: 'module' })`; `url` is the same
 * script's URL (a `?worker&url` import), fetched when the page may not start it directly. `what`
 * names the worker in the message of a failed start ("The simulation").
 */
export function startWorker<Request, Response>(
  start: () => Worker,
  url: string,
  what: string,
): WorkerLike<Request, Response> {
  try {
    return start() as unknown as WorkerLike<Request, Response>;
  } catch (error) {
    if (!(error instanceof DOMException && error.name === 'SecurityError')) throw error;
    return new BlobWorker<Request, Response>(new URL(url, location.href).href, what);
  }
}

/** A worker started from a fetched copy of its script; messages wait until it runs. */
class BlobWorker<Request, Response> implements WorkerLike<Request, Response> {
  onmessage: ((event: MessageEvent<Response>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  onmessageerror: ((event: MessageEvent) => void) | null = null;
  #queue: [Request, Transferable[]][] = [];
  #worker: Worker | null = null;
  #terminated = false;

  constructor(url: string, what: string) {
    void this.#start(url, what);
  }

  async #start(url: string, what: string): Promise<void> {
    try {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const blobUrl = URL.createObjectURL(await response.blob());
      if (this.#terminated) return URL.revokeObjectURL(blobUrl);
      // The bundle is a self-contained script, so it runs as a classic worker.
      const worker = new Worker(blobUrl);
      // The worker reads its script after construction: free the blob once it has answered.
      const release = () => URL.revokeObjectURL(blobUrl);
      worker.onmessage = (event) => {
        release();
        this.onmessage?.(event);
      };
      worker.onerror = (event) => {
        release();
        this.onerror?.(event);
      };
      worker.onmessageerror = (event) => this.onmessageerror?.(event);
      this.#worker = worker;
      for (const [message, transfer] of this.#queue.splice(0))
        worker.postMessage(message, transfer);
    } catch (error) {
      const message = `${what} could not start here (${error instanceof Error ? error.message : String(error)}).`;
      this.onerror?.(new ErrorEvent('error', { message }));
    }
  }

  postMessage(message: Request, transfer: Transferable[] = []): void {
    if (this.#worker) this.#worker.postMessage(message, transfer);
    else this.#queue.push([message, transfer]);
  }

  terminate(): void {
    this.#terminated = true;
    this.#worker?.terminate();
    this.#queue.length = 0;
  }
}
