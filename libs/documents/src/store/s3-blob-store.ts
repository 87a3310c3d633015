// Document bytes in an S3-compatible object store (AWS S3, MinIO, Ceph RGW, ...), through the AWS SDK.
// Objects are keyed by SHA-256 and written with a SHA-256 checksum, so the store itself refuses bytes
// damaged in transit.
import {
  DeleteObjectCommand,
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import type { BlobStore } from './blob-store';

export interface S3Settings {
  bucket: string;
  /** Key prefix, e.g. `netral/documents/`. */
  prefix: string;
  region: string;
  /** For S3-compatible stores other than AWS (MinIO: http://127.0.0.1:9000). */
  endpoint?: string;
  /** MinIO and most self-hosted stores need path-style URLs. */
  forcePathStyle: boolean;
  /** Static credentials; without them the SDK's default chain (AWS_ACCESS_KEY_ID, profiles, roles) applies. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

export class S3BlobStore implements BlobStore {
  readonly backend = 's3' as const;
  private readonly client: S3Client;

  constructor(private readonly settings: S3Settings) {
    const config: S3ClientConfig = {
      region: settings.region,
      forcePathStyle: settings.forcePathStyle,
      ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
      ...(settings.credentials ? { credentials: settings.credentials } : {}),
    };
    this.client = new S3Client(config);
  }

  private key(sha256: string): string {
    return `${this.settings.prefix}${sha256}`;
  }

  async write(sha256: string, bytes: Buffer, contentType: string): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.settings.bucket,
        Key: this.key(sha256),
        Body: bytes,
        ContentType: contentType,
        ContentLength: bytes.length,
        ChecksumSHA256: Buffer.from(sha256, 'hex').toString('base64'),
      }),
    );
  }

  async read(sha256: string): Promise<Buffer | null> {
    try {
      const result = await this.client.send(
        new GetObjectCommand({ Bucket: this.settings.bucket, Key: this.key(sha256) }),
      );
      if (!result.Body) return null;
      return Buffer.from(await result.Body.transformToByteArray());
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return null;
      throw error;
    }
  }

  async remove(sha256: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.settings.bucket, Key: this.key(sha256) }));
  }

  destroy(): void {
    this.client.destroy();
  }
}
