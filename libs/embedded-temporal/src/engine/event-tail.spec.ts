import { EventTail } from './event-tail';

const events = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ id: from + i, data: Buffer.from(`e${from + i}`) }));
const text = (buffers: Buffer[] | undefined) => buffers?.map((b) => b.toString());

describe('EventTail', () => {
  it('answers ranges of committed events it holds whole, and nothing else', () => {
    const tail = new EventTail();
    tail.committed('run', events(1, 3));
    tail.committed('run', events(4, 5));
    expect(text(tail.range('run', 2, 5))).toEqual(['e2', 'e3', 'e4', 'e5']);
    expect(text(tail.range('run', 5, 5))).toEqual(['e5']);
    // Past the last committed event: the database decides (it may hold what this tail never saw).
    expect(tail.range('run', 4, 6)).toBeUndefined();
    expect(tail.range('other', 1, 1)).toBeUndefined();
  });

  it('keeps only the newest events of a run and starts afresh after a gap', () => {
    const tail = new EventTail();
    tail.committed('run', events(1, 100));
    expect(tail.range('run', 1, 1)).toBeUndefined();
    expect(text(tail.range('run', 100, 100))).toEqual(['e100']);
    expect(tail.range('run', 37, 100)).toHaveLength(64);
    tail.committed('run', events(102, 103));
    expect(tail.range('run', 100, 100)).toBeUndefined();
    expect(text(tail.range('run', 102, 103))).toEqual(['e102', 'e103']);
  });

  it('holds copies of exactly the committed bytes, not the slabs the encoder shared between events', () => {
    const tail = new EventTail();
    const slab = Buffer.alloc(8192, 7);
    tail.committed('run', [
      { id: 1, data: slab.subarray(0, 10) },
      { id: 2, data: slab.subarray(4000, 4020) },
    ]);
    const held = tail.range('run', 1, 2)!;
    expect(held.map((b) => b.length)).toEqual([10, 20]);
    expect(held.every((b) => b.buffer !== slab.buffer && b.buffer.byteLength === 30)).toBe(true);
    expect(held[1].equals(slab.subarray(4000, 4020))).toBe(true);
  });

  it('drops the least recently changed runs beyond its memory bound', () => {
    const tail = new EventTail();
    const big = (id: number) => [{ id, data: Buffer.alloc(1024 * 1024) }];
    for (let r = 0; r < 40; r++) tail.committed(`run-${r}`, big(1));
    expect(tail.range('run-0', 1, 1)).toBeUndefined();
    expect(tail.range('run-39', 1, 1)).toHaveLength(1);
  });
});
