// Kind names as users write them in scenarios (the kubectl resource names: plural, singular,
// short name, group-qualified), resolved to the kinds kreplay serves.
import { KINDS, type Kind } from '../api/types.js';

export class UnknownKindError extends Error {}

const ALIASES = new Map<string, Kind>();
for (const info of Object.values(KINDS)) {
  if (info.kind === 'SimConfig') continue;
  for (const alias of [info.kind.toLowerCase(), info.plural, info.singular, info.qualified, `${info.plural}.${info.qualified.split('.').slice(1).join('.')}`, ...info.shortNames]) {
    ALIASES.set(alias, info.kind);
  }
}

export function resolveKind(name: string): Kind {
  const k = ALIASES.get(name.toLowerCase());
  if (!k) throw new UnknownKindError(`the server doesn't have a resource type "${name}"`);
  return k;
}
