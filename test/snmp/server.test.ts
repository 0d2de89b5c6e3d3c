import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { expect, it } from 'vitest';
import { bindResponder } from '../../src/snmp/server.js';

it('a responder that throws on one request leaves that one unanswered and goes on answering', async () => {
  const responder = await bindResponder('127.0.0.1', 0, (packet) => {
    if (packet[0] === 0xff) throw new Error('cannot parse');
    return { reply: Buffer.from('ok'), delayMs: 0 };
  });
  const client = createSocket('udp4');
  client.send(Buffer.from([0xff]), responder.port, '127.0.0.1');
  client.send(Buffer.from([0x30]), responder.port, '127.0.0.1');
  const [reply] = await once(client, 'message');
  expect(String(reply)).toBe('ok');
  client.close();
  await responder.close();
});
