import type { Writable } from 'node:stream';
import type { Uploader } from './uploader.js';

/** Writes the sealed bytes to a stream (the CLI passes stdout), for pipes into other tools. */
export function streamUploader(out: Writable): Uploader {
  return {
    name: 'stdout',
    maxPerPush: 1,
    upload(report) {
      return new Promise((resolvePromise, reject) => {
        out.write(report.body, (err) => (err ? reject(err) : resolvePromise({ detail: `${report.body.byteLength} bytes to stdout` })));
      });
    },
  };
}
