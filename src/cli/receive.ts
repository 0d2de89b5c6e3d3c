import { Command } from 'commander';
import { UsageError } from '../errors.js';
import { newIdentity, writeNewIdentity } from '../receive/identity.js';
import { parseListen } from '../receive/listen.js';
import { DEFAULT_MAX_BODY } from '../receive/reports.js';
import { startReceiver, type ReceiverEvent, type ReceiverOptions } from '../receive/server.js';
import { DEFAULT_COLLECTOR } from '../receive/tokens.js';
import { integer } from './options/integer.js';
import { writeErr, writeOut } from './output.js';

interface ReceiveFlags {
  listen?: string;
  data?: string;
  identity?: string;
  tokens?: string;
  cert?: string;
  key?: string;
  selfSigned?: boolean;
  http?: boolean;
  config?: string;
  maxBody: number;
}

const say = (text: string) => writeErr(`printscan receive: ${text}\n`);

function tlsChoice(o: ReceiveFlags): ReceiverOptions['tls'] {
  const files = o.cert !== undefined || o.key !== undefined;
  if ([files, o.selfSigned, o.http].filter(Boolean).length > 1) throw new UsageError('choose one of --cert/--key, --self-signed or --http');
  if (o.http) return 'none';
  if (o.selfSigned) return 'self-signed';
  if (o.cert === undefined || o.key === undefined) {
    throw new UsageError(files ? '--cert and --key go together' : 'receive needs --cert and --key, or --self-signed', 'or --http behind a proxy that terminates TLS');
  }
  return { certFile: o.cert, keyFile: o.key };
}

/** One stderr line per event; the token itself is never part of an event. */
function render(event: ReceiverEvent): void {
  switch (event.type) {
    case 'request':
      writeErr(
        `${event.time} ${event.collector ?? '-'} ${event.method} ${event.path} ${event.status}${event.reportId ? ` ${event.reportId}` : ''}${event.error ? ` (${event.error})` : ''}\n`,
      );
      return;
    case 'created':
      if (event.what === 'identity') say(`new identity in ${event.path}: back it up, no report sealed to it can be read without it`);
      if (event.what === 'tokens') say(`new token for collector "${DEFAULT_COLLECTOR}" in ${event.path}: give it to the collector (it is never printed)`);
      if (event.what === 'certificate') say(`new self-signed certificate ${event.path}`);
      return;
    case 'configRejected':
      say(`warning: the changed config is not served: ${event.message}`);
      return;
    case 'tokensRejected':
      say(`warning: the changed tokens file is not used (the previous tokens stay in force): ${event.message}`);
      return;
  }
}

export function receiveCommand(): Command {
  const cmd = new Command('receive')
    .description('the reference receiver: an HTTPS server that stores sealed reports pushed by collectors, until interrupted')
    .option('--listen <host:port>', 'address to listen on, e.g. 127.0.0.1:8443 or [::1]:8443 (port 0 = any free one)')
    .option('--data <dir>', 'where reports, keys and tokens are kept (created if missing)')
    .option('--identity <file>', 'age identity that opens the reports (default: DIR/identity.txt, made on first start)')
    .option('--tokens <file>', 'JSON array of { "collector", "token" | "sha256" } (default: DIR/tokens.json, made on first start)')
    .option('--cert <file>', 'TLS certificate chain (PEM)')
    .option('--key <file>', 'TLS private key (PEM)')
    .option('--self-signed', 'make and keep a self-signed certificate in DIR/tls/; collectors pass it as --ca')
    .option('--http', 'plain HTTP, only behind a proxy that terminates TLS')
    .option('--config <file>', 'JSON document served at /v1/config, checked at start')
    .option('--max-body <bytes>', 'largest report accepted', integer('--max-body', 1, 2 ** 30), DEFAULT_MAX_BODY)
    .action(async (o: ReceiveFlags) => {
      if (o.listen === undefined) throw new UsageError('receive needs --listen HOST:PORT', 'e.g. --listen 127.0.0.1:8443');
      if (o.data === undefined) throw new UsageError('receive needs --data DIR');
      const { host, port } = parseListen(o.listen);
      const tls = tlsChoice(o);
      if (tls === 'none') say('warning: plain HTTP: bearer tokens cross the network readable unless a TLS-terminating proxy is in front');
      const receiver = await startReceiver({
        host,
        port,
        dataDir: o.data,
        identityFile: o.identity,
        tokensFile: o.tokens,
        tls,
        configFile: o.config,
        maxBodyBytes: o.maxBody,
        log: render,
      });
      // Handlers first: a script may signal the moment it reads the line below.
      const stop = new Promise<string>((resolve) => {
        process.once('SIGINT', () => resolve('SIGINT'));
        process.once('SIGTERM', () => resolve('SIGTERM'));
      });
      writeOut(JSON.stringify({ url: receiver.url, recipient: receiver.recipient, data: receiver.dataDir, ca: receiver.caPath ?? null }) + '\n');
      say(`listening on ${receiver.url}, storing in ${receiver.dataDir}${receiver.caPath ? `; collectors trust it with --ca ${receiver.caPath}` : ''}; Ctrl-C stops`);
      const signal = await stop;
      say(`${signal}: finishing requests in flight`);
      await receiver.close();
    });
  cmd
    .command('keygen')
    .description('make an age X25519 identity for the receiver; prints the recipient collectors seal to')
    .option('--out <file>', 'write the identity here (0600, never over an existing file) and print only the recipient')
    .action(async (o: { out?: string }) => {
      if (o.out !== undefined) {
        const made = await writeNewIdentity(o.out);
        writeOut(`${made.recipient}\n`);
        return;
      }
      const made = await newIdentity();
      writeOut(made.text);
      writeErr(`Public key: ${made.recipient}\n`);
    });
  return cmd;
}
