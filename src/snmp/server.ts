import dgram from 'node:dgram';
import { PrintscanError } from '../errors.js';

export type Responder = (packet: Buffer) => { reply: Buffer; delayMs: number } | undefined;

export interface BoundResponder {
  host: string;
  port: number;
  close(): Promise<void>;
}

/** Binds a UDP socket that answers each datagram with what `respond` returns (the simulator's agents). */
export function bindResponder(host: string, port: number, respond: Responder): Promise<BoundResponder> {
  return new Promise((resolve, reject) => {
    const sock = dgram.createSocket({ type: host.includes(':') ? 'udp6' : 'udp4', recvBufferSize: 4 * 1024 * 1024 });
    sock.once('error', (e: NodeJS.ErrnoException) => reject(new PrintscanError('listen', `cannot listen on UDP ${host}:${port}: ${e.code ?? e.message}`, e.code === 'EADDRINUSE' ? 'another program uses that port: choose another with --port' : undefined)));
    sock.on('message', (msg, rinfo) => {
      let answer: ReturnType<Responder>;
      try {
        answer = respond(msg);
      } catch {
        // A request the agent cannot make sense of goes unanswered, as on a real device: it never stops the others.
        return;
      }
      if (!answer) return;
      const send = () => sock.send(answer.reply, rinfo.port, rinfo.address, () => undefined);
      if (answer.delayMs > 0) setTimeout(send, answer.delayMs).unref();
      else send();
    });
    sock.bind(port, host, () => {
      sock.removeAllListeners('error');
      sock.on('error', () => undefined);
      resolve({
        host,
        port: sock.address().port,
        close: () => new Promise<void>((done) => sock.close(() => done())),
      });
    });
  });
}
