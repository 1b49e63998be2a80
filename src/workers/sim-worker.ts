/**
 * The simulation worker: wires the message port to the host in sim-host.ts. Created by the page
 * as `new Worker(new URL('../workers/sim-worker.ts', import.meta.url), { type: 'module' })`.
 */
import { createSimHost } from './sim-host.ts';

/** The part of DedicatedWorkerGlobalScope used here (the WebWorker lib is not in tsconfig). */
interface WorkerScope {
  onmessage: ((event: MessageEvent) => void) | null;
  postMessage(message: unknown, transfer: Transferable[]): void;
}

const scope = self as unknown as WorkerScope;
const host = createSimHost((msg, transfer) => scope.postMessage(msg, transfer));
scope.onmessage = (event) => host.handle(event.data);
