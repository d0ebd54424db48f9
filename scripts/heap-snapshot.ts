// Heap snapshots of a page (the DevTools protocol's HeapProfiler) and what they hold. The kiosk soak (scripts/soak.ts)
// uses them to split the used heap into V8's code and the rest; scripts/heap-diff.ts to compare two by constructor.
import { createWriteStream } from 'node:fs';
import type { CDPSession, Page } from 'playwright-core';

/** The parts of V8's heap snapshot format read here (the format is described by its own `meta`). */
export interface HeapSnapshotJson {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

/** Two full garbage collections in the page, as DevTools' "collect garbage" does: what is left is what is kept. */
export async function collectGarbage(cdp: CDPSession): Promise<void> {
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
}

/** Takes a heap snapshot of `page` after two forced GCs, handing its JSON text over in chunks. */
async function snapshotChunks(page: Page, onChunk: (chunk: string) => void): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await collectGarbage(cdp);
    cdp.on('HeapProfiler.addHeapSnapshotChunk', ({ chunk }: { chunk: string }) => onChunk(chunk));
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false, captureNumericValue: false });
  } finally {
    await cdp.detach();
  }
}

/** Streams a heap snapshot of `page` into `file` (to open in Chrome DevTools' Memory tab). */
export async function takeHeapSnapshot(page: Page, file: string): Promise<void> {
  const out = createWriteStream(file);
  try {
    await snapshotChunks(page, (chunk) => out.write(chunk));
  } finally {
    await new Promise<void>((resolve) => out.end(resolve));
  }
}

/** A heap snapshot of `page`, parsed (about 20 MB of JSON for the exhibit: kept in memory only while read). */
export async function readHeapSnapshot(page: Page): Promise<HeapSnapshotJson> {
  const chunks: string[] = [];
  await snapshotChunks(page, (chunk) => chunks.push(chunk));
  return JSON.parse(chunks.join('')) as HeapSnapshotJson;
}

export interface HeapNode {
  /** V8's node type: 'object', 'closure', 'code', 'string', 'native', 'hidden', 'array', … */
  type: string;
  name: string;
  id: number;
  selfSize: number;
}

/** Calls `visit` for every node of the snapshot (one object reused: copy what you keep). */
export function forEachNode(snap: HeapSnapshotJson, visit: (node: Readonly<HeapNode>) => void): void {
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const width = fields.length;
  const at = (field: string): number => {
    const i = fields.indexOf(field);
    if (i < 0) throw new Error(`heap snapshot: no node field "${field}" (fields: ${fields.join(', ')})`);
    return i;
  };
  const [fType, fName, fId, fSize] = [at('type'), at('name'), at('id'), at('self_size')];
  if (width === 0 || snap.nodes.length % width !== 0)
    throw new Error(`heap snapshot: ${snap.nodes.length} node values are not whole nodes of ${width}`);
  const node: HeapNode = { type: '', name: '', id: 0, selfSize: 0 };
  for (let i = 0; i < snap.nodes.length; i += width) {
    node.type = types[snap.nodes[i + fType]!] ?? '?';
    node.name = snap.strings[snap.nodes[i + fName]!] ?? '';
    node.id = snap.nodes[i + fId]!;
    node.selfSize = snap.nodes[i + fSize]!;
    visit(node);
  }
}

/**
 * Bytes of V8's code in the snapshot: the nodes V8 itself types 'code' (compiled machine code and its relocation and
 * deoptimisation data, bytecode, feedback vectors, function and scope descriptions). They are made by running the
 * page's scripts, not by what the scripts keep.
 */
export function codeBytes(snap: HeapSnapshotJson): number {
  let bytes = 0;
  forEachNode(snap, (n) => {
    if (n.type === 'code') bytes += n.selfSize;
  });
  return bytes;
}
