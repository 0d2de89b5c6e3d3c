import dgram from 'node:dgram';
import { afterAll, describe, expect, it } from 'vitest';
import { SessionSocket, UdpTransport } from '../../src/snmp/transport.js';

const transport = new UdpTransport();
afterAll(() => transport.close());

async function sendTo(sock: dgram.Socket, bytes: Buffer): Promise<void> {
  const { port } = (await transport.socket(4)).address();
  await new Promise<void>((resolve) => sock.send(bytes, port, '127.0.0.1', () => resolve()));
}

describe('nothing thrown while handling a reply escapes the socket handler', () => {
  it('a claimer that throws: the reply is refused and counted', async () => {
    const sender = dgram.createSocket('udp4');
    const handled = new Promise<void>((resolve) => {
      const release = transport.claim(() => {
        release();
        setImmediate(resolve);
        throw new Error('choked on a reply');
      });
    });
    await sendTo(sender, Buffer.from([0x30, 0x00]));
    await handled;
    expect(transport.stats.refused).toBe(1);
    sender.close();
  });

  it.each<[string, ((msg: Buffer) => string | undefined) | undefined, () => void, string]>([
    ['a listener (net-snmp) that throws', undefined, () => { throw new Error('boom'); }, 'a reply the SNMP library could not process'],
    ['a reply the screen refuses', () => 'a PDU of type 0xa8 where a Response was due', () => undefined, 'a PDU of type 0xa8 where a Response was due'],
  ])('a session socket with %s refuses the reply and says why', (_name, screen, listener, why) => {
    const socket = new SessionSocket(transport, '127.0.0.1', 9, 4);
    socket.screen = screen;
    socket.on('message', listener);
    const rinfo = { address: '127.0.0.1', port: 9, family: 'IPv4', size: 2 } as const;
    expect(socket.deliver(Buffer.from([0x30, 0x00]), rinfo)).toBe(false);
    expect(socket.refused).toBe(1);
    expect(socket.lastRefusal).toBe(why);
    socket.close();
  });
});
