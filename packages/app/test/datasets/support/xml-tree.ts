import { SaxesParser } from 'saxes';

/** An element as the tests read it: namespace, local name, attributes, text, children. */
export interface XmlNode {
  uri: string;
  name: string;
  attributes: Record<string, string>;
  text: string;
  children: XmlNode[];
}

/**
 * Parses a whole document with a conforming XML parser (saxes, namespace-aware); any
 * well-formedness error throws. What a reader of our XML gets back.
 */
export function parseXml(xml: string): XmlNode {
  const parser = new SaxesParser({ xmlns: true });
  const stack: XmlNode[] = [];
  let root: XmlNode | null = null;
  const failures: Error[] = [];
  parser.on('error', (e) => failures.push(e));
  parser.on('opentag', (tag) => {
    const attributes: Record<string, string> = {};
    for (const a of Object.values(tag.attributes))
      attributes[a.prefix ? `${a.prefix}:${a.local}` : a.local] = a.value;
    const node: XmlNode = { uri: tag.uri, name: tag.local, attributes, text: '', children: [] };
    stack.at(-1)?.children.push(node);
    root ??= node;
    stack.push(node);
  });
  parser.on('text', (t) => {
    const top = stack.at(-1);
    if (top) top.text += t;
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.write(xml).close();
  if (failures[0]) throw failures[0];
  if (!root) throw new Error('no root element');
  return root;
}

export const childrenNamed = (node: XmlNode, name: string) => node.children.filter((c) => c.name === name);
export const childNamed = (node: XmlNode, name: string) => childrenNamed(node, name)[0];
