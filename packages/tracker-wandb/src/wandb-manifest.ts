import { createHash } from 'node:crypto';
import type { WandbArtifactFile } from './wandb-records';

/** Base64 MD5 of bytes: the digest W&B stores for each artifact file. */
export function md5Base64(bytes: Uint8Array | string): string {
  return createHash('md5').update(bytes).digest('base64');
}

/** The reference URI of a file whose bytes live in another (mloop) artifact store. */
export function mloopReference(sha256: string): string {
  return `mloop://sha256/${sha256}`;
}

/** One manifest entry, as W&B's `wandb_manifest.json` (storage policy v1) writes it. */
export type WandbManifestEntry =
  | {
      /** Base64 MD5 of the stored bytes. */
      readonly digest: string;
      /** Size in bytes. */
      readonly size: number;
    }
  | {
      /** SHA-256 (hex) of the referenced bytes. */
      readonly digest: string;
      /** Where the bytes are: `mloop://sha256/<hex>`. */
      readonly ref: string;
      /** Size in bytes. */
      readonly size: number;
      /** Always empty. */
      readonly extra: Record<string, never>;
    };

/** `wandb_manifest.json` (manifest version 1, storage layout V2). */
export interface WandbManifest {
  /** Always 1. */
  readonly version: 1;
  /** Always `wandb-storage-policy-v1`. */
  readonly storagePolicy: 'wandb-storage-policy-v1';
  /** Storage layout. */
  readonly storagePolicyConfig: { readonly storageLayout: 'V2' };
  /** Path → entry. */
  readonly contents: Readonly<Record<string, WandbManifestEntry>>;
}

/** Builds the manifest of an artifact's files (paths sorted, so equal content gives equal bytes). */
export function buildManifest(files: readonly WandbArtifactFile[]): WandbManifest {
  const contents: Record<string, WandbManifestEntry> = {};
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    contents[file.path] =
      file.md5 === null
        ? { digest: file.sha256, ref: mloopReference(file.sha256), size: file.size, extra: {} }
        : { digest: file.md5, size: file.size };
  }
  return {
    version: 1,
    storagePolicy: 'wandb-storage-policy-v1',
    storagePolicyConfig: { storageLayout: 'V2' },
    contents,
  };
}

/**
 * The artifact digest W&B deduplicates on: hex MD5 of `"wandb-artifact-manifest-v1\n"` followed
 * by `"{path}:{digest}\n"` for each entry in sorted path order.
 */
export function manifestDigest(manifest: WandbManifest): string {
  const hash = createHash('md5').update('wandb-artifact-manifest-v1\n');
  for (const path of Object.keys(manifest.contents).sort()) {
    hash.update(`${path}:${manifest.contents[path]?.digest}\n`);
  }
  return hash.digest('hex');
}

/** Turns a free name into a valid W&B artifact or collection name (`[A-Za-z0-9_.-]`, ≤ 128 characters). */
export function toArtifactName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^-+|-+$/g, '');
  return (cleaned.length === 0 ? 'artifact' : cleaned).slice(0, 128);
}
