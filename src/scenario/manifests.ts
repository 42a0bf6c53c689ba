// Static checks of a manifest at load time (before the first tick): it must be an object
// Kubernetes would accept. Errors name the manifest's file and the line of the offending field.
import { KINDS, type Kind } from '../api/types.js';
import type { Manifest } from './types.js';

export function checkManifest(m: Manifest): void {
  const o = m.object as unknown as Record<string, unknown>;
  if (o === null || typeof o !== 'object' || Array.isArray(o)) throw m.source.error(m.path, 'a manifest must be a Kubernetes object (a mapping)');
  const kind = o.kind;
  const info = typeof kind === 'string' ? KINDS[kind as Kind] : undefined;
  if (!info || kind === 'SimConfig' || o.apiVersion !== info.apiVersion) {
    throw m.source.error([...m.path, 'kind'], `no matches for kind ${JSON.stringify(kind)} in version ${JSON.stringify(o.apiVersion)}`);
  }
}
