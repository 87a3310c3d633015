// Temporal payload encryption (host side only: the API's client, the worker, the replay check; never the
// workflow bundle). Every payload that leaves our processes for the Temporal server (workflow inputs,
// update arguments, activity inputs and results, query answers) is encrypted with AES-256-GCM, so neither
// the server's database nor its UI or CLI show a reporter's identity. The key id travels in the payload's
// metadata: with several keys configured, any of them decrypts, the current one (the first) encrypts, so a
// key is rotated by putting the new one first and dropping the old one once no history needs it. The
// workflow a payload belongs to (the case id; the SDK's serialization context) travels in the metadata too,
// bound to the ciphertext as GCM additional data: the remote codec scopes decoding by it (codec.controller).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Payload, PayloadCodec, SerializationContext } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
/**
 * The id of the workflow that owns the payload, from the SDK's serialization context (the client's and the
 * worker's, activities included). Authenticated: changing it fails the decryption.
 */
export const WORKFLOW_ID_METADATA = 'netral-workflow-id';
/** Where `npm start` keeps its development key, inside the data directory. */
export const DEV_PAYLOAD_KEY_FILE = 'payload-keys';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;

export interface PayloadKey {
  id: string;
  /** 32 bytes. */
  key: Buffer;
}

export class PayloadKeyError extends Error {
  override readonly name = 'PayloadKeyError';
}

/**
 * Parses `id=base64key[,id=base64key…]` (the first is current). Keys are 32 random bytes in base64 or
 * base64url, e.g. `openssl rand -base64 32`.
 */
export function parsePayloadKeys(spec: string): PayloadKey[] {
  const keys = spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry): PayloadKey => {
      const eq = entry.indexOf('=');
      const id = eq > 0 ? entry.slice(0, eq) : '';
      if (!KEY_ID.test(id)) {
        throw new PayloadKeyError(`a payload key is id=base64 with an id of letters, digits, . _ -`);
      }
      const key = Buffer.from(entry.slice(eq + 1), 'base64');
      if (key.length !== 32)
        throw new PayloadKeyError(`payload key ${id} must be 32 bytes (base64), not ${key.length}`);
      return { id, key };
    });
  if (keys.length === 0) throw new PayloadKeyError('no payload key given');
  const ids = new Set(keys.map((k) => k.id));
  if (ids.size !== keys.length) throw new PayloadKeyError('payload key ids must be unique');
  return keys;
}

export function formatPayloadKeys(keys: PayloadKey[]): string {
  return keys.map((k) => `${k.id}=${k.key.toString('base64')}`).join(',');
}

/** AES-256-GCM per payload: data = IV (12 bytes) ‖ ciphertext ‖ tag (16 bytes) of the encoded Payload. */
export class AesGcmPayloadCodec implements PayloadCodec {
  private readonly current: PayloadKey;
  private readonly byId: Map<string, Buffer>;

  constructor(keys: PayloadKey[]) {
    if (keys.length === 0) throw new PayloadKeyError('no payload key given');
    this.current = keys[0];
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  get currentKeyId(): string {
    return this.current.id;
  }

  // async: a failure is a rejected promise, as the SDK expects of a codec.
  async encode(payloads: Payload[], context?: SerializationContext): Promise<Payload[]> {
    const workflowId = context?.workflowId ? Buffer.from(context.workflowId) : undefined;
    return payloads.map((payload) => {
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
      if (workflowId) cipher.setAAD(workflowId);
      const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: {
          encoding: Buffer.from(ENCRYPTED_ENCODING),
          [KEY_ID_METADATA]: Buffer.from(this.current.id),
          ...(workflowId ? { [WORKFLOW_ID_METADATA]: workflowId } : {}),
        },
        data,
      };
    });
  }

  /** Plain payloads (written before encryption was on) pass through; encrypted ones need their key. */
  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const encoding = payload.metadata?.encoding;
      if (!encoding || Buffer.from(encoding).toString() !== ENCRYPTED_ENCODING) return payload;
      const idBytes = payload.metadata?.[KEY_ID_METADATA];
      const id = idBytes ? Buffer.from(idBytes).toString() : '';
      const key = this.byId.get(id);
      if (!key) throw new PayloadKeyError(`no payload key "${id}" is configured to decrypt this payload`);
      const data = Buffer.from(payload.data ?? new Uint8Array());
      if (data.length < IV_BYTES + TAG_BYTES) throw new PayloadKeyError('encrypted payload too short');
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
      const workflowId = payload.metadata?.[WORKFLOW_ID_METADATA];
      if (workflowId) decipher.setAAD(Buffer.from(workflowId));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      const plain = Buffer.concat([
        decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)),
        decipher.final(),
      ]);
      return temporal.api.common.v1.Payload.decode(plain) as Payload;
    });
  }
}

/**
 * The workflow an encrypted payload belongs to, as its metadata names it (checked when it is decrypted), or
 * undefined: a plain payload, or one encrypted without a workflow (before the id was recorded, or by
 * POST /codec/encode).
 */
export function encryptedPayloadWorkflowId(payload: Payload): string | undefined {
  const encoding = payload.metadata?.encoding;
  if (!encoding || Buffer.from(encoding).toString() !== ENCRYPTED_ENCODING) return undefined;
  const id = payload.metadata?.[WORKFLOW_ID_METADATA];
  return id && id.length > 0 ? Buffer.from(id).toString() : undefined;
}

/** The codec from NETRAL_PAYLOAD_KEYS, or null when it is not set. */
export function payloadCodecFromEnv(env: NodeJS.ProcessEnv): AesGcmPayloadCodec | null {
  const spec = env.NETRAL_PAYLOAD_KEYS?.trim();
  return spec ? new AesGcmPayloadCodec(parsePayloadKeys(spec)) : null;
}

/**
 * `npm start`: NETRAL_PAYLOAD_KEYS if set, else the development key in `<dataDir>/payload-keys` (created
 * on first start, mode 0600), so histories stay readable across restarts.
 */
export async function loadOrCreateDevPayloadKeys(dataDir: string): Promise<PayloadKey[]> {
  const path = join(dataDir, DEV_PAYLOAD_KEY_FILE);
  try {
    const content = (await readFile(path, 'utf8')).trim();
    if (((await stat(path)).mode & 0o077) !== 0) await chmod(path, 0o600);
    return parsePayloadKeys(content);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  await mkdir(dataDir, { recursive: true });
  const keys = [{ id: `dev-${new Date().toISOString().slice(0, 10)}`, key: randomBytes(32) }];
  try {
    await writeFile(path, formatPayloadKeys(keys) + '\n', { mode: 0o600, flag: 'wx' });
    return keys;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    return parsePayloadKeys((await readFile(path, 'utf8')).trim());
  }
}
