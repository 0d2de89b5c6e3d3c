import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../inventory/atomic-write.js';
import type { Uploader } from './uploader.js';

/** Writes each sealed report as `DIR/<reportId>.json.gz.age`, whole or not at all. */
export function fileUploader(dest: string): Uploader {
  const dir = resolve(dest);
  return {
    name: 'file',
    async upload(report) {
      const path = join(dir, report.fileName);
      await writeFileAtomic(path, Buffer.from(report.body.buffer, report.body.byteOffset, report.body.byteLength));
      return { detail: path };
    },
  };
}
