import { createHash, randomBytes } from 'node:crypto';
import type { WandbHttp } from './wandb-http';
import { buildManifest, manifestDigest, md5Base64 } from './wandb-manifest';
import type { WandbArtifactSpec, WandbRunFields } from './wandb-records';

/** GraphQL documents, as W&B's own clients send them (see trackers-spec.md A2). @internal */
export const DOCUMENTS = {
  UpsertBucket: `mutation UpsertBucket($id: String, $name: String, $project: String, $entity: String, $groupName: String, $description: String, $displayName: String, $notes: String, $commit: String, $config: JSONString, $host: String, $debug: Boolean, $program: String, $repo: String, $jobType: String, $state: String, $sweep: String, $tags: [String!], $summaryMetrics: JSONString) {
  upsertBucket(input: { id: $id, name: $name, groupName: $groupName, modelName: $project, entityName: $entity, description: $description, displayName: $displayName, notes: $notes, config: $config, commit: $commit, host: $host, debug: $debug, jobProgram: $program, jobRepo: $repo, jobType: $jobType, state: $state, sweep: $sweep, tags: $tags, summaryMetrics: $summaryMetrics }) {
    bucket { id name displayName description config sweepName project { id name entity { id name } } historyLineCount }
    inserted
  }
}`,
  CreateRunFiles: `mutation CreateRunFiles($entity: String!, $project: String!, $run: String!, $files: [String!]!) {
  createRunFiles(input: {entityName: $entity, projectName: $project, runName: $run, files: $files}) { runID uploadHeaders files { name uploadUrl } }
}`,
  DeleteRun: `mutation DeleteRun($id: ID!, $deleteArtifacts: Boolean) {
  deleteRun(input: {id: $id, deleteArtifacts: $deleteArtifacts}) { clientMutationId }
}`,
  CreateArtifact: `mutation CreateArtifact($input: CreateArtifactInput!) {
  createArtifact(input: $input) { artifact { id state artifactSequence { latestArtifact { id } } } }
}`,
  CreateArtifactManifest: `mutation CreateArtifactManifest($name: String!, $digest: String!, $artifactID: ID!, $baseArtifactID: ID, $entityName: String!, $projectName: String!, $runName: String!, $includeUpload: Boolean!, $type: ArtifactManifestType = FULL) {
  createArtifactManifest(input: {name: $name, digest: $digest, artifactID: $artifactID, baseArtifactID: $baseArtifactID, entityName: $entityName, projectName: $projectName, runName: $runName, type: $type}) {
    artifactManifest { id file { id name displayName uploadUrl @include(if: $includeUpload) uploadHeaders @include(if: $includeUpload) } }
  }
}`,
  CreateArtifactFiles: `mutation CreateArtifactFiles($storageLayout: ArtifactStorageLayout!, $artifactFiles: [CreateArtifactFileSpecInput!]!) {
  createArtifactFiles(input: {artifactFiles: $artifactFiles, storageLayout: $storageLayout}) {
    files { edges { node { id name displayName uploadUrl uploadHeaders storagePath artifact { id } } } }
  }
}`,
  UpdateArtifactManifest: `mutation UpdateArtifactManifest($artifactManifestID: ID!, $digest: String, $baseArtifactID: ID, $includeUpload: Boolean!) {
  updateArtifactManifest(input: {artifactManifestID: $artifactManifestID, digest: $digest, baseArtifactID: $baseArtifactID}) {
    artifactManifest { id file { id name displayName uploadUrl @include(if: $includeUpload) uploadHeaders @include(if: $includeUpload) } }
  }
}`,
  CommitArtifact: `mutation CommitArtifact($artifactID: ID!) {
  commitArtifact(input: {artifactID: $artifactID}) { artifact { id digest } }
}`,
  UseArtifact: `mutation UseArtifact($entityName: String!, $projectName: String!, $runName: String!, $artifactID: ID!) {
  useArtifact(input: {entityName: $entityName, projectName: $projectName, runName: $runName, artifactID: $artifactID}) { artifact { id } }
}`,
  LinkArtifact: `mutation LinkArtifact($artifactPortfolioName: String!, $entityName: String!, $projectName: String!, $aliases: [ArtifactAliasInput!], $clientId: ID, $artifactId: ID) {
  linkArtifact(input: {artifactPortfolioName: $artifactPortfolioName, entityName: $entityName, projectName: $projectName, aliases: $aliases, artifactID: $artifactId, clientID: $clientId}) { versionIndex }
}`,
  DeleteAliases: `mutation DeleteAliases($artifactID: ID!, $aliases: [ArtifactCollectionAliasInput!]!) {
  deleteAliases(input: {artifactID: $artifactID, aliases: $aliases}) { success }
}`,
} as const;

/** Where a run lives once W&B accepted it. @internal */
export interface UpsertedRun {
  readonly storageId: string;
  readonly entity: string;
  readonly project: string;
  readonly historyLineCount: number;
}

/** Config as W&B stores it: a JSON string of `{ key: { value } }`. */
function configJson(config: Record<string, unknown>): string {
  const wrapped: Record<string, { value: unknown }> = {};
  for (const [key, value] of Object.entries(config)) wrapped[key] = { value };
  return JSON.stringify(wrapped);
}

/** Variables of `UpsertBucket` for the given fields. @internal */
export function upsertVariables(fields: WandbRunFields): Record<string, unknown> {
  const variables: Record<string, unknown> = {};
  if (fields.displayName !== undefined) variables.displayName = fields.displayName;
  if (fields.config !== undefined) variables.config = configJson(fields.config);
  if (fields.tags !== undefined) variables.tags = [...fields.tags];
  if (fields.notes !== undefined) variables.notes = fields.notes;
  return variables;
}

/** Runs `UpsertBucket` (retrying 409, as W&B's client does for concurrent creates). @internal */
export async function upsertBucket(http: WandbHttp, variables: Record<string, unknown>): Promise<UpsertedRun> {
  const data = await http.graphql<{
    upsertBucket: {
      bucket: {
        id: string;
        name: string;
        project: { name: string; entity: { name: string } };
        historyLineCount?: number;
      };
    };
  }>('UpsertBucket', DOCUMENTS.UpsertBucket, variables, [409]);
  const bucket = data.upsertBucket.bucket;
  return {
    storageId: bucket.id,
    entity: bucket.project.entity.name,
    project: bucket.project.name,
    historyLineCount: bucket.historyLineCount ?? 0,
  };
}

/** Uploads a run file (`wandb-metadata.json` …) through `CreateRunFiles` and a signed-URL PUT. @internal */
export async function uploadRunFile(
  http: WandbHttp,
  where: { entity: string; project: string; run: string },
  name: string,
  bytes: Uint8Array,
): Promise<void> {
  const data = await http.graphql<{
    createRunFiles: { uploadHeaders?: string[] | null; files: { name: string; uploadUrl: string | null }[] };
  }>('CreateRunFiles', DOCUMENTS.CreateRunFiles, { ...where, files: [name] });
  const url = data.createRunFiles.files.find((file) => file.name === name)?.uploadUrl;
  if (url) await http.putStorage(url, bytes, data.createRunFiles.uploadHeaders ?? [], md5Base64(bytes));
}

/** Reads an artifact file's bytes by SHA-256 (from the backend's artifact store or the offline blob directory). @internal */
export type BlobSource = (sha256: string) => Promise<Uint8Array | undefined>;

/**
 * Stable 128-character client ids derived from where the artifact goes and its digest, so a
 * replayed save (a retry, a second sync) asks for the same artifact instead of a new one.
 */
function clientId(seed: string, salt: string): string {
  const first = createHash('sha512').update(`${salt}:${seed}`).digest('hex');
  return first.slice(0, 128);
}

/**
 * Saves an artifact version with W&B's sequence: CreateArtifact (stop if the digest is already
 * COMMITTED: deduplicated), CreateArtifactManifest, CreateArtifactFiles (skip files the server
 * already has: `uploadUrl` null), PUT files, UpdateArtifactManifest + PUT the manifest,
 * CommitArtifact. Returns the artifact id. @internal
 */
export async function saveArtifact(
  http: WandbHttp,
  where: { entity: string; project: string; run: string | null },
  spec: WandbArtifactSpec,
  blobs: BlobSource,
): Promise<{ id: string; deduplicated: boolean; uploadedFiles: number }> {
  const manifest = buildManifest(spec.files);
  const digest = manifestDigest(manifest);
  const created = await http.graphql<{
    createArtifact: {
      artifact: { id: string; state: string; artifactSequence?: { latestArtifact?: { id: string } | null } };
    };
  }>('CreateArtifact', DOCUMENTS.CreateArtifact, {
    input: {
      entityName: where.entity,
      projectName: where.project,
      artifactTypeName: spec.type,
      artifactCollectionName: spec.name,
      runName: where.run,
      digest,
      digestAlgorithm: 'MANIFEST_MD5',
      description: spec.description,
      metadata: JSON.stringify(spec.metadata),
      aliases: ['latest', ...spec.aliases].map((alias) => ({ alias, artifactCollectionName: spec.name })),
      enableDigestDeduplication: true,
      clientID: clientId(`${where.entity}/${where.project}/${spec.name}/${digest}`, 'artifact'),
      sequenceClientID: clientId(`${where.entity}/${where.project}/${spec.name}`, 'sequence'),
    },
  });
  const artifact = created.createArtifact.artifact;
  if (artifact.state === 'COMMITTED') return { id: artifact.id, deduplicated: true, uploadedFiles: 0 };
  const baseArtifactID = artifact.artifactSequence?.latestArtifact?.id ?? null;
  const runName = where.run ?? '';
  const manifestResult = await http.graphql<{ createArtifactManifest: { artifactManifest: { id: string } } }>(
    'CreateArtifactManifest',
    DOCUMENTS.CreateArtifactManifest,
    {
      name: 'wandb_manifest.json',
      digest: '',
      artifactID: artifact.id,
      baseArtifactID,
      entityName: where.entity,
      projectName: where.project,
      runName,
      includeUpload: false,
      type: 'FULL',
    },
  );
  const manifestId = manifestResult.createArtifactManifest.artifactManifest.id;
  const stored = spec.files.filter((file) => file.md5 !== null);
  let uploadedFiles = 0;
  if (stored.length > 0) {
    const filesResult = await http.graphql<{
      createArtifactFiles: {
        files: { edges: { node: { name: string; uploadUrl: string | null; uploadHeaders?: string[] | null } }[] };
      };
    }>('CreateArtifactFiles', DOCUMENTS.CreateArtifactFiles, {
      storageLayout: 'V2',
      artifactFiles: stored.map((file) => ({
        artifactID: artifact.id,
        artifactManifestID: manifestId,
        name: file.path,
        md5: file.md5,
      })),
    });
    const edges = filesResult.createArtifactFiles.files.edges;
    for (let index = 0; index < stored.length; index++) {
      const file = stored[index];
      const node = edges[index]?.node;
      if (!file || !node?.uploadUrl) continue;
      const bytes = await blobs(file.sha256);
      if (!bytes) {
        throw new Error(`The bytes of artifact file ${file.path} (sha256 ${file.sha256}) are no longer available.`);
      }
      await http.putStorage(node.uploadUrl, bytes, node.uploadHeaders ?? [], file.md5 ?? undefined);
      uploadedFiles++;
    }
  }
  const manifestBytes = Buffer.from(JSON.stringify(manifest));
  const updated = await http.graphql<{
    updateArtifactManifest: {
      artifactManifest: { file: { uploadUrl?: string | null; uploadHeaders?: string[] | null } };
    };
  }>('UpdateArtifactManifest', DOCUMENTS.UpdateArtifactManifest, {
    artifactManifestID: manifestId,
    digest: md5Base64(manifestBytes),
    baseArtifactID,
    includeUpload: true,
  });
  const manifestFile = updated.updateArtifactManifest.artifactManifest.file;
  if (manifestFile.uploadUrl) {
    await http.putStorage(
      manifestFile.uploadUrl,
      manifestBytes,
      manifestFile.uploadHeaders ?? [],
      md5Base64(manifestBytes),
    );
  }
  await http.graphql('CommitArtifact', DOCUMENTS.CommitArtifact, { artifactID: artifact.id });
  return { id: artifact.id, deduplicated: false, uploadedFiles };
}

/** Marks an artifact as an input of a run. @internal */
export async function useArtifact(
  http: WandbHttp,
  where: { entity: string; project: string; run: string },
  artifactId: string,
): Promise<void> {
  await http.graphql('UseArtifact', DOCUMENTS.UseArtifact, {
    entityName: where.entity,
    projectName: where.project,
    runName: where.run,
    artifactID: artifactId,
  });
}

/** Links an artifact version into a registered-model portfolio with aliases; returns the portfolio version index. @internal */
export async function linkArtifact(
  http: WandbHttp,
  target: { entity: string; project: string; portfolio: string },
  artifactId: string,
  aliases: readonly string[],
): Promise<number> {
  const data = await http.graphql<{ linkArtifact: { versionIndex: number } }>('LinkArtifact', DOCUMENTS.LinkArtifact, {
    artifactPortfolioName: target.portfolio,
    entityName: target.entity,
    projectName: target.project,
    aliases: aliases.map((alias) => ({ alias, artifactCollectionName: target.portfolio })),
    artifactId,
  });
  return data.linkArtifact.versionIndex;
}

/** Removes aliases of a portfolio. @internal */
export async function deleteAliases(
  http: WandbHttp,
  target: { entity: string; project: string; portfolio: string },
  artifactId: string,
  aliases: readonly string[],
): Promise<void> {
  await http.graphql('DeleteAliases', DOCUMENTS.DeleteAliases, {
    artifactID: artifactId,
    aliases: aliases.map((alias) => ({
      alias,
      artifactCollectionName: target.portfolio,
      entityName: target.entity,
      projectName: target.project,
    })),
  });
}

/** A random W&B run id: 8 characters of `[a-z0-9]`. @internal */
export function newWandbRunId(random?: () => number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(8);
  let id = '';
  for (let index = 0; index < 8; index++) {
    const pick = random ? Math.floor(random() * alphabet.length) : (bytes[index] ?? 0) % alphabet.length;
    id += alphabet[pick];
  }
  return id;
}
