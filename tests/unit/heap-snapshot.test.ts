// Reading V8 heap snapshots (scripts/heap-snapshot.ts), as the kiosk soak does to split the heap into V8's code and
// the rest: every node read with its own type and size, the code counted once, and a snapshot it cannot read refused.
import { describe, expect, it } from 'vitest';
import { codeBytes, forEachNode, type HeapNode, type HeapSnapshotJson } from '../../scripts/heap-snapshot.ts';

// The layout Chromium writes: seven values a node, the type an index into node_types[0], the name into strings.
const NODE_FIELDS = ['type', 'name', 'id', 'self_size', 'edge_count', 'trace_node_id', 'detachedness'];
const TYPES = ['hidden', 'array', 'string', 'object', 'code', 'closure', 'regexp', 'number', 'native', 'synthetic'];

function snapshot(nodes: Array<[type: string, name: string, id: number, size: number]>, fields = NODE_FIELDS): HeapSnapshotJson {
  const strings: string[] = [];
  const values: number[] = [];
  for (const [type, name, id, size] of nodes) {
    if (!strings.includes(name)) strings.push(name);
    const byField: Record<string, number> = { type: TYPES.indexOf(type), name: strings.indexOf(name), id, self_size: size };
    for (const f of fields) values.push(byField[f] ?? 0);
  }
  return { snapshot: { meta: { node_fields: fields, node_types: [TYPES, 'string', 'number'] } }, nodes: values, strings };
}

const sample = snapshot([
  ['synthetic', '', 1, 0],
  ['code', 'system / InstructionStream', 3, 4096],
  ['object', 'Panel', 5, 64],
  ['code', 'system / BytecodeArray', 7, 512],
  ['closure', 'onFrame', 9, 32],
  ['native', 'system / ExternalStringData', 11, 1000],
  ['code', 'system / FeedbackVector', 13, 88],
]);

describe('heap snapshots', () => {
  it('reads every node with its type, name, id and size', () => {
    const seen: HeapNode[] = [];
    forEachNode(sample, (n) => seen.push({ ...n }));
    expect(seen).toHaveLength(7);
    expect(seen[2]).toEqual({ type: 'object', name: 'Panel', id: 5, selfSize: 64 });
    expect(seen[6]).toEqual({ type: 'code', name: 'system / FeedbackVector', id: 13, selfSize: 88 });
  });

  it("counts only the nodes V8 types 'code' as V8's code", () => {
    expect(codeBytes(sample)).toBe(4096 + 512 + 88);
    expect(codeBytes(snapshot([['object', 'Panel', 1, 64]]))).toBe(0);
  });

  it('reads the fields by name, in whatever order the snapshot lists them', () => {
    const reordered = snapshot(
      [
        ['code', 'system / Code', 2, 70],
        ['object', 'Panel', 4, 64],
      ],
      ['id', 'self_size', 'name', 'edge_count', 'type'],
    );
    expect(codeBytes(reordered)).toBe(70);
  });

  it('refuses a snapshot without a field it needs, or with a partial node, naming what is wrong', () => {
    const noSize = snapshot([['code', 'x', 1, 10]], ['type', 'name', 'id']);
    expect(() => codeBytes(noSize)).toThrow(/no node field "self_size"/);
    const partial = { ...sample, nodes: sample.nodes.slice(0, -1) };
    expect(() => codeBytes(partial)).toThrow(/48 node values are not whole nodes of 7/);
  });
});
