import net from 'node:net';
import { z } from 'zod';

/**
 * A minimal client for Firefox's Remote Debugging Protocol, the one about:debugging and web-ext
 * speak. WebDriver BiDi leaves out every moz-extension:// page (Firefox's remote agent skips
 * extension browsing contexts), so the extension's own pages, its event page and its storage are
 * reached through this protocol instead.
 *
 * Packets are `length:JSON`. A request's reply comes from the actor it was sent to, in order;
 * packets that carry a `type` (events such as `evaluationResult`) are not replies.
 */

const PacketSchema = z.looseObject({
  from: z.string(),
  type: z.string().optional(),
  error: z.string().optional(),
  message: z.string().optional(),
});
type Packet = z.infer<typeof PacketSchema>;

const TabDescriptorSchema = z.looseObject({ actor: z.string(), url: z.string(), browsingContextID: z.number() });
export type TabDescriptor = z.infer<typeof TabDescriptorSchema>;
const AddonDescriptorSchema = z.looseObject({
  actor: z.string(),
  id: z.string(),
  backgroundScriptStatus: z.enum(['RUNNING', 'STOPPED']).optional(),
});
export type AddonDescriptor = z.infer<typeof AddonDescriptorSchema>;
const ProcessDescriptorSchema = z.looseObject({ actor: z.string(), isParent: z.boolean() });
export type ProcessDescriptor = z.infer<typeof ProcessDescriptorSchema>;

const TargetReplySchema = z.looseObject({
  frame: z.looseObject({ consoleActor: z.string() }).optional(),
  process: z.looseObject({ consoleActor: z.string() }).optional(),
});
/** What the console actor returns: a primitive, or a grip for anything else (long strings come by actor). */
const GripSchema = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.null(),
  z.looseObject({ type: z.string(), actor: z.string().optional(), length: z.number().optional() }),
]);
const EvaluationResultSchema = z.looseObject({
  resultID: z.union([z.string(), z.number()]),
  hasException: z.boolean().optional(),
  topLevelAwaitRejected: z.boolean().optional(),
  exception: z.unknown().optional(),
  exceptionMessage: z.unknown().optional(),
  result: GripSchema.optional(),
});
/** What `call` wraps every evaluation's outcome in, inside the browser. */
const OutcomeSchema = z.union([z.object({ value: z.unknown() }), z.object({ error: z.string() })]);

export class RdpError extends Error {}

export class RdpClient {
  private buffer = Buffer.alloc(0);
  private readonly pending = new Map<string, { resolve: (p: Packet) => void; reject: (e: Error) => void }[]>();
  /** Evaluation results by id: they may arrive in the same chunk as the reply that names them. */
  private readonly results = new Map<string, Packet>();
  private readonly resultWaiters = new Map<string, { resolve: (p: Packet) => void; reject: (e: Error) => void }>();
  private closed = false;

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk) => this.onData(chunk));
    socket.on('close', () => {
      this.closed = true;
      const closed = new RdpError('debugger connection closed');
      for (const queue of this.pending.values()) for (const p of queue) p.reject(closed);
      for (const waiter of this.resultWaiters.values()) waiter.reject(closed);
      this.pending.clear();
      this.resultWaiters.clear();
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
      const packet = PacketSchema.parse(JSON.parse(this.buffer.subarray(colon + 1, colon + 1 + length).toString('utf8')));
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
        waiter.resolve(packet);
      } else {
        this.results.set(id, packet);
      }
      return;
    }
    // Other packets with a type are events, not replies (the root's greeting has none).
    if (packet.type) return;
    const queue = this.pending.get(packet.from);
    const next = queue?.shift();
    if (!next) return;
    if (packet.error) next.reject(new RdpError(`${packet.from}: ${packet.error} ${packet.message ?? ''}`));
    else next.resolve(packet);
  }

  request(to: string, type: string, extra: Record<string, unknown> = {}): Promise<Packet> {
    if (this.closed) return Promise.reject(new RdpError('debugger connection closed'));
    const reply = this.expect(to);
    const text = JSON.stringify({ to, type, ...extra });
    this.socket.write(`${Buffer.byteLength(text)}:${text}`);
    return reply;
  }

  async listTabs(): Promise<TabDescriptor[]> {
    return z.object({ tabs: z.array(TabDescriptorSchema) }).parse(await this.request('root', 'listTabs')).tabs;
  }

  async addon(id: string): Promise<AddonDescriptor> {
    const { addons } = z.object({ addons: z.array(AddonDescriptorSchema) }).parse(await this.request('root', 'listAddons'));
    const addon = addons.find((a) => a.id === id);
    if (!addon) throw new RdpError(`add-on ${id} is not installed`);
    return addon;
  }

  async listProcesses(): Promise<ProcessDescriptor[]> {
    return z.object({ processes: z.array(ProcessDescriptorSchema) }).parse(await this.request('root', 'listProcesses')).processes;
  }

  /** The console actor of a descriptor's target (a tab or a process). */
  async consoleOf(descriptorActor: string): Promise<string> {
    const reply = TargetReplySchema.parse(await this.request(descriptorActor, 'getTarget'));
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
    const started = EvaluationResultSchema.pick({ resultID: true }).parse(
      await this.request(consoleActor, 'evaluateJSAsync', {
        text,
        // The console awaits a returned promise when told the text was an await expression.
        mapped: { await: true },
      }),
    );
    const id = String(started.resultID);
    const packet = EvaluationResultSchema.parse(
      this.results.get(id) ??
        (await new Promise<Packet>((resolve, reject) => {
          this.resultWaiters.set(id, { resolve, reject });
        })),
    );
    this.results.delete(id);
    if (packet.hasException || packet.topLevelAwaitRejected) {
      throw new RdpError(`evaluation failed: ${JSON.stringify(packet.exception ?? packet.exceptionMessage ?? 'rejected')}`);
    }
    const outcome = OutcomeSchema.parse(JSON.parse(await this.stringOf(packet.result)));
    if ('error' in outcome) throw new RdpError(`in the browser: ${outcome.error}\n${fnSource.slice(0, 200)}`);
    // The value is whatever the caller's function returned, as JSON: the caller states its type.
    return outcome.value as T;
  }

  private async stringOf(grip: z.infer<typeof GripSchema> | undefined): Promise<string> {
    if (typeof grip === 'string') return grip;
    if (grip && typeof grip === 'object' && grip.type === 'longString' && grip.actor) {
      const reply = await this.request(grip.actor, 'substring', { start: 0, end: grip.length });
      return z.object({ substring: z.string() }).parse(reply).substring;
    }
    throw new RdpError(`expected a JSON string from the evaluation, got ${JSON.stringify(grip)}`);
  }

  close(): void {
    this.socket.end();
  }
}
