/**
 * The entry for `key` in a bounded least-recently-used map: made by `create` when missing (the
 * oldest entry goes first when the map is full), and moved to the end (a Map iterates in
 * insertion order, so its first key is always the least recently used). The caches of prepared
 * statements, named statement texts and compiled list shapes are all this.
 */
export function lruEntry<K, V>(map: Map<K, V>, key: K, capacity: number, create: () => V): V {
  let value = map.get(key);
  if (value !== undefined) map.delete(key);
  else {
    value = create();
    if (map.size >= capacity) map.delete(map.keys().next().value!);
  }
  map.set(key, value);
  return value;
}
