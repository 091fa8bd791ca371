import net from 'node:net';

/**
 * A minimal client for Firefox's Remote Debugging Protocol, the one about:debugging and web-ext
 * speak. WebDriver BiDi leaves out every moz-extension:// page (Firefox's remote agent skips
 * extension browsing contexts), so the extension's own pages, its event page and its storage are
 * reached through this protocol instead.
 *
 * Packets are `length:JSON`. A request's reply comes from the actor it was sent to, in order;
 * packets that carry a `type` (events such as `evaluationResult`) are not replies.
 */

type Packet = { from: string; type?: string; error?: string; message?: string; [key: string]: unknown };

/** What the console actor returns: a primitive, or a grip for anything else. */
type Grip = string | number | boolean | null | { type: string; actor?: string; length?: number; initial?: string };

export interface TabDescriptor {
  actor: string;
  url: string;
  browsingContextID: number;
}

export interface AddonDescriptor {
  actor: string;
  id: string;
  backgroundScriptStatus?: 'RUNNING' | 'STOPPED';
}

export class RdpError extends Error {}

export class RdpClient {
  private buffer = Buffer.alloc(0);
  private readonly pending = new Map<string, { resolve: (p: Packet) => void; reject: (e: Error) => void }[]>();
  /** Evaluation results by id: they may arrive in the same chunk as the reply that names them. */
  private readonly results = new Map<string, Packet>();
  private readonly resultWaiters = new Map<string, (p: Packet) => void>();
  private closed = false;

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk) => this.onData(chunk));
    socket.on('close', () => {
      this.closed = true;
      for (const queue of this.pending.values()) for (const p of queue) p.reject(new RdpError('debugger connection closed'));
      this.pending.clear();
    });
  }

  /** Connects to the debugger server's Unix socket (retrying while Firefox starts it) and reads the greeting. */
  static async connect(socketPath: string, timeoutMs = 20_000): Promise<RdpClient> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const socket = await new Promise<net.Socket>((resolve, reject) => {
          const s = net.connect(socketPath);
          s.once('connect', () => resolve(s));
          s.once('error', reject);
        });
        const client = new RdpClient(socket);
        await client.expect('root');
        return client;
      } catch (error) {
        if (Date.now() > deadline) throw new RdpError(`no debugger server at ${socketPath}: ${String(error)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  private expect(from: string): Promise<Packet> {
    return new Promise((resolve, reject) => {
      const queue = this.pending.get(from) ?? [];
      queue.push({ resolve, reject });
      this.pending.set(from, queue);
    });
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const colon = this.buffer.indexOf(0x3a);
      if (colon < 0) return;
      const length = Number(this.buffer.subarray(0, colon).toString('latin1'));
      if (this.buffer.length < colon + 1 + length) return;
      const packet = JSON.parse(this.buffer.subarray(colon + 1, colon + 1 + length).toString('utf8')) as Packet;
      this.buffer = this.buffer.subarray(colon + 1 + length);
      this.dispatch(packet);
    }
  }

  private dispatch(packet: Packet): void {
    if (packet.type === 'evaluationResult') {
      const id = String(packet.resultID);
      const waiter = this.resultWaiters.get(id);
      if (waiter) {
        this.resultWaiters.delete(id);
        waiter(packet);
      } else {
        this.results.set(id, packet);
      }
      return;
    }
    // Other events (and the root's greeting, which has no type) are not replies, except the greeting.
    if (packet.type && !(packet.from === 'root' && packet.applicationType)) return;
    const queue = this.pending.get(packet.from);
    const next = queue?.shift();
    if (!next) return;
    if (packet.error) next.reject(new RdpError(`${packet.from}: ${packet.error} ${packet.message ?? ''}`));
    else next.resolve(packet);
  }

  request<T extends Packet = Packet>(to: string, type: string, extra: Record<string, unknown> = {}): Promise<T> {
    if (this.closed) return Promise.reject(new RdpError('debugger connection closed'));
    const reply = this.expect(to) as Promise<T>;
    const text = JSON.stringify({ to, type, ...extra });
    this.socket.write(`${Buffer.byteLength(text)}:${text}`);
    return reply;
  }

  async listTabs(): Promise<TabDescriptor[]> {
    return (await this.request<Packet & { tabs: TabDescriptor[] }>('root', 'listTabs')).tabs;
  }

  async addon(id: string): Promise<AddonDescriptor> {
    const { addons } = await this.request<Packet & { addons: AddonDescriptor[] }>('root', 'listAddons');
    const addon = addons.find((a) => a.id === id);
    if (!addon) throw new RdpError(`add-on ${id} is not installed`);
    return addon;
  }

  /** The console actor of a descriptor's target (a tab, an add-on's background, a process). */
  async consoleOf(descriptorActor: string): Promise<string> {
    const reply = await this.request<Packet & { frame?: { consoleActor: string }; process?: { consoleActor: string } }>(
      descriptorActor,
      'getTarget',
    );
    const target = reply.frame ?? reply.process;
    if (!target) throw new RdpError(`no target for ${descriptorActor}`);
    return target.consoleActor;
  }

  /**
   * Calls a function (its source, as Playwright's evaluate takes one) in a console with one JSON
   * argument, awaits it, and returns its JSON-decoded value or throws its error. The console
   * hands back only grips for objects, so the value travels as a JSON string.
   */
  async call<T>(consoleActor: string, fnSource: string, arg?: unknown): Promise<T> {
    const text = `(async () => {
      try {
        const value = await (${fnSource})(${JSON.stringify(arg ?? null)});
        return JSON.stringify({ value: value === undefined ? null : value });
      } catch (error) {
        return JSON.stringify({ error: String((error && error.stack) || error) + ' ' + String(error) });
      }
    })()`;
    const started = await this.request<Packet & { resultID: string }>(consoleActor, 'evaluateJSAsync', {
      text,
      // The console awaits a returned promise when told the text was an await expression.
      mapped: { await: true },
    });
    const id = String(started.resultID);
    const packet =
      this.results.get(id) ??
      (await new Promise<Packet>((resolve) => {
        this.resultWaiters.set(id, resolve);
      }));
    this.results.delete(id);
    if (packet.hasException || packet.topLevelAwaitRejected) {
      throw new RdpError(`evaluation failed: ${JSON.stringify(packet.exception ?? packet.exceptionMessage ?? 'rejected')}`);
    }
    const outcome = JSON.parse(await this.stringOf(packet.result as Grip)) as { value: T } | { error: string };
    if ('error' in outcome) throw new RdpError(`in the browser: ${outcome.error}\n${fnSource.slice(0, 200)}`);
    return outcome.value;
  }

  private async stringOf(grip: Grip): Promise<string> {
    if (typeof grip === 'string') return grip;
    if (grip && typeof grip === 'object' && grip.type === 'longString' && grip.actor) {
      const { substring } = await this.request<Packet & { substring: string }>(grip.actor, 'substring', { start: 0, end: grip.length });
      return substring;
    }
    if (grip && typeof grip === 'object' && grip.type === 'undefined') return 'undefined';
    throw new RdpError(`expected a JSON string from the evaluation, got ${JSON.stringify(grip)}`);
  }

  close(): void {
    this.socket.end();
  }
}
