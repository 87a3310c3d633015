import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { defaultPayloadConverter } from '@temporalio/common';
import {
  AesGcmPayloadCodec,
  ENCRYPTED_ENCODING,
  KEY_ID_METADATA,
  PayloadKeyError,
  WORKFLOW_ID_METADATA,
  encryptedPayloadWorkflowId,
  formatPayloadKeys,
  loadOrCreateDevPayloadKeys,
  parsePayloadKeys,
} from './payload-codec';

const keyA = { id: 'k-2025', key: randomBytes(32) };
const keyB = { id: 'k-2026', key: randomBytes(32) };
const reporter = { reporter: { name: 'Siti Rahma', address: 'Jl. Melati 5' } };
const text = (b: Uint8Array | null | undefined) => Buffer.from(b ?? new Uint8Array()).toString();

describe('AesGcmPayloadCodec', () => {
  it('encrypts with the current key, names it in the metadata, and decrypts back', async () => {
    const codec = new AesGcmPayloadCodec([keyA]);
    const plain = defaultPayloadConverter.toPayload(reporter);
    const [encrypted] = await codec.encode([plain]);
    expect(text(encrypted.metadata?.encoding)).toBe(ENCRYPTED_ENCODING);
    expect(text(encrypted.metadata?.[KEY_ID_METADATA])).toBe('k-2025');
    expect(text(encrypted.data)).not.toContain('Siti');
    const [decoded] = await codec.decode([encrypted]);
    expect(defaultPayloadConverter.fromPayload(decoded)).toEqual(reporter);
    // Plain payloads (recorded before encryption) pass through.
    expect(await codec.decode([plain])).toEqual([plain]);
  });

  it('rotates: the new key encrypts, any configured key decrypts, a dropped key cannot', async () => {
    const [old] = await new AesGcmPayloadCodec([keyA]).encode([defaultPayloadConverter.toPayload(reporter)]);
    const rotated = new AesGcmPayloadCodec([keyB, keyA]);
    expect(defaultPayloadConverter.fromPayload((await rotated.decode([old]))[0])).toEqual(reporter);
    const [fresh] = await rotated.encode([defaultPayloadConverter.toPayload(reporter)]);
    expect(text(fresh.metadata?.[KEY_ID_METADATA])).toBe('k-2026');
    const onlyNew = new AesGcmPayloadCodec([keyB]);
    await expect(onlyNew.decode([old])).rejects.toThrow('no payload key "k-2025"');
    expect(defaultPayloadConverter.fromPayload((await onlyNew.decode([fresh]))[0])).toEqual(reporter);
  });

  it('refuses a tampered payload (GCM authentication)', async () => {
    const codec = new AesGcmPayloadCodec([keyA]);
    const [encrypted] = await codec.encode([defaultPayloadConverter.toPayload(reporter)]);
    const data = Buffer.from(encrypted.data!);
    data[20] ^= 1;
    await expect(codec.decode([{ ...encrypted, data }])).rejects.toThrow();
  });

  it('names the workflow of the serialization context, bound to the ciphertext', async () => {
    const codec = new AesGcmPayloadCodec([keyA]);
    const plain = defaultPayloadConverter.toPayload(reporter);
    const context = { type: 'workflow' as const, namespace: 'default', workflowId: 'NTR-CASE1' };
    const [encrypted] = await codec.encode([plain], context);
    expect(text(encrypted.metadata?.[WORKFLOW_ID_METADATA])).toBe('NTR-CASE1');
    expect(encryptedPayloadWorkflowId(encrypted)).toBe('NTR-CASE1');
    // Decoding reads the id from the metadata, whatever context it is given (the remote codec has none).
    expect(defaultPayloadConverter.fromPayload((await codec.decode([encrypted]))[0])).toEqual(reporter);
    // Another case's id put on the payload (to pass an agency check) fails the authentication.
    const relabelled = {
      ...encrypted,
      metadata: { ...encrypted.metadata, [WORKFLOW_ID_METADATA]: Buffer.from('NTR-CASE2') },
    };
    await expect(codec.decode([relabelled])).rejects.toThrow();
    const stripped = { ...encrypted, metadata: { ...encrypted.metadata } };
    delete stripped.metadata[WORKFLOW_ID_METADATA];
    await expect(codec.decode([stripped])).rejects.toThrow();
    // An activity's context names its workflow too; none (the codec endpoint's encode): no id, as before.
    const [ofActivity] = await codec.encode([plain], {
      type: 'activity',
      namespace: 'default',
      workflowId: 'NTR-CASE1',
      isLocal: true,
    });
    expect(encryptedPayloadWorkflowId(ofActivity)).toBe('NTR-CASE1');
    const [without] = await codec.encode([plain]);
    expect(without.metadata?.[WORKFLOW_ID_METADATA]).toBeUndefined();
    expect(encryptedPayloadWorkflowId(without)).toBeUndefined();
    expect(encryptedPayloadWorkflowId(plain)).toBeUndefined();
  });

  it('parses keys from configuration and says what is wrong', () => {
    const spec = formatPayloadKeys([keyB, keyA]);
    expect(parsePayloadKeys(spec).map((k) => k.id)).toEqual(['k-2026', 'k-2025']);
    expect(() => parsePayloadKeys('k1=' + randomBytes(16).toString('base64'))).toThrow('must be 32 bytes');
    expect(() => parsePayloadKeys('=abc')).toThrow(PayloadKeyError);
    expect(() => parsePayloadKeys(`${spec},${formatPayloadKeys([keyA])}`)).toThrow('unique');
    expect(() => parsePayloadKeys(' ')).toThrow('no payload key');
  });

  it('keeps one development key per data directory (created once, mode 0600)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netral-keys-'));
    try {
      const first = await loadOrCreateDevPayloadKeys(dir);
      const again = await loadOrCreateDevPayloadKeys(dir);
      expect(again.map((k) => [k.id, k.key.toString('hex')])).toEqual(
        first.map((k) => [k.id, k.key.toString('hex')]),
      );
      expect(fs.statSync(path.join(dir, 'payload-keys')).mode & 0o777).toBe(0o600);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
