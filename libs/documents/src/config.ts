// Document storage settings, read once from the environment by the API (the worker only appends events).
import type { DocumentBackend } from './store/blob-store';
import { S3BlobStore, type S3Settings } from './store/s3-blob-store';
import { type BlobStore, PostgresBlobStore } from './store/blob-store';

/** 20 MB: a scanned decree of a few dozen pages at 300 dpi. */
export const DEFAULT_MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;

export interface DocumentsConfig {
  backend: DocumentBackend;
  maxBytes: number;
  s3?: S3Settings;
}

type Env = Record<string, string | undefined>;

/**
 * DOCUMENT_STORE (`postgresql` | `s3`), DOCUMENT_MAX_BYTES, and for S3: DOCUMENT_S3_BUCKET (required),
 * DOCUMENT_S3_PREFIX, DOCUMENT_S3_REGION, DOCUMENT_S3_ENDPOINT, DOCUMENT_S3_FORCE_PATH_STYLE, and
 * credentials from the SDK's default chain (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, profiles, roles).
 */
export function documentsConfigFromEnv(env: Env = process.env): DocumentsConfig {
  const backend = (env.DOCUMENT_STORE ?? 'postgresql').trim() as DocumentBackend;
  if (backend !== 'postgresql' && backend !== 's3') {
    throw new Error(`DOCUMENT_STORE must be postgresql or s3, got "${env.DOCUMENT_STORE}"`);
  }
  const maxBytes = Number(env.DOCUMENT_MAX_BYTES ?? DEFAULT_MAX_DOCUMENT_BYTES);
  if (!Number.isInteger(maxBytes) || maxBytes < 1024) {
    throw new Error(
      `DOCUMENT_MAX_BYTES must be a whole number of bytes >= 1024, got "${env.DOCUMENT_MAX_BYTES}"`,
    );
  }
  if (backend === 'postgresql') return { backend, maxBytes };
  const bucket = env.DOCUMENT_S3_BUCKET?.trim();
  if (!bucket) throw new Error('DOCUMENT_STORE=s3 needs DOCUMENT_S3_BUCKET');
  return { backend, maxBytes, s3: s3SettingsFromEnv(env, bucket) };
}

export function s3SettingsFromEnv(env: Env, bucket: string): S3Settings {
  return {
    bucket,
    prefix: env.DOCUMENT_S3_PREFIX ?? 'documents/',
    region: env.DOCUMENT_S3_REGION ?? env.AWS_REGION ?? 'us-east-1',
    ...(env.DOCUMENT_S3_ENDPOINT ? { endpoint: env.DOCUMENT_S3_ENDPOINT } : {}),
    forcePathStyle:
      (env.DOCUMENT_S3_FORCE_PATH_STYLE ?? (env.DOCUMENT_S3_ENDPOINT ? 'true' : 'false')) === 'true',
  };
}

export function blobStoreFor(config: DocumentsConfig): BlobStore {
  return config.backend === 's3' && config.s3 ? new S3BlobStore(config.s3) : new PostgresBlobStore();
}
