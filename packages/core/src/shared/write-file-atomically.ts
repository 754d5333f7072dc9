import { randomUUID } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * Writes a file through a temporary sibling, fsynced, then renamed over `path`: a reader or a
 * crash sees the old file or the whole new one, never half of it. The temporary file is removed
 * when anything fails, and the error is passed on.
 * @example
 * import { writeFileAtomically } from '@mloop/core';
 * await writeFileAtomically('model.json', '{"format":"mloop.model"}\n');
 */
export async function writeFileAtomically(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = join(dirname(path), `.${randomUUID()}.part`);
  try {
    const file = await open(tmp, 'wx');
    try {
      await file.writeFile(data);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}
