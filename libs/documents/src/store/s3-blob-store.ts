// Document bytes in an S3-compatible object store (AWS S3, MinIO, Ceph RGW, ...), through the AWS SDK.
// Objects are keyed by SHA-256 and written with a SHA-256 checksum, so the store itself refuses bytes
// damaged in transit.
import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
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
  private connected: Promise<{ client: S3Client; sdk: typeof import('@aws-sdk/client-s3') }> | undefined;

  constructor(private readonly settings: S3Settings) {}

  /** The SDK is loaded on first use: it is large, and only deployments that store in S3 need it. */
  private sdk() {
    this.connected ??= import('@aws-sdk/client-s3').then((sdk) => {
      const config: S3ClientConfig = {
        region: this.settings.region,
        forcePathStyle: this.settings.forcePathStyle,
        ...(this.settings.endpoint ? { endpoint: this.settings.endpoint } : {}),
        ...(this.settings.credentials ? { credentials: this.settings.credentials } : {}),
      };
      return { client: new sdk.S3Client(config), sdk };
    });
    return this.connected;
  }

  private key(sha256: string): string {
    return `${this.settings.prefix}${sha256}`;
  }

  async write(sha256: string, bytes: Buffer, contentType: string): Promise<void> {
    const { client, sdk } = await this.sdk();
    await client.send(
      new sdk.PutObjectCommand({
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
    const { client, sdk } = await this.sdk();
    try {
      const result = await client.send(
        new sdk.GetObjectCommand({ Bucket: this.settings.bucket, Key: this.key(sha256) }),
      );
      if (!result.Body) return null;
      return Buffer.from(await result.Body.transformToByteArray());
    } catch (error) {
      if (error instanceof sdk.NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return null;
      throw error;
    }
  }

  async remove(sha256: string): Promise<void> {
    const { client, sdk } = await this.sdk();
    await client.send(new sdk.DeleteObjectCommand({ Bucket: this.settings.bucket, Key: this.key(sha256) }));
  }

  async destroy(): Promise<void> {
    if (this.connected) (await this.connected).client.destroy();
  }
}
