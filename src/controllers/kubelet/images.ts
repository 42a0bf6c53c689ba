// Image handling of the kubelet's image manager (pkg/kubelet/images/image_manager.go) and what
// containerd reports: pull policy, the Pulled/Pulling/Failed messages, normalised image names and
// digests. Differs: no registry — every image is "present" unless a behaviour says the pull fails;
// digests are sha256 of the normalised name (stable, not real); the pull error is a fixed
// containerd NotFound text.
import { createHash } from 'node:crypto';
import type { Container } from '../../api/types.js';
import { formatDuration } from '../../api/time.js';

export type PullPolicy = 'Always' | 'IfNotPresent' | 'Never';

/**
 * The API server's default (SetDefaults_Container): Always for `:latest` or an untagged image,
 * else IfNotPresent. Applied here because objects may reach us without defaulting.
 */
export function effectivePullPolicy(c: Container): PullPolicy {
  if (c.imagePullPolicy) return c.imagePullPolicy;
  const { tag, digest } = splitImage(c.image);
  if (digest) return 'IfNotPresent';
  return tag === undefined || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function splitImage(image: string): { name: string; tag?: string; digest?: string } {
  let rest = image;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  let tag: string | undefined;
  if (colon > slash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const out: { name: string; tag?: string; digest?: string } = { name: rest };
  if (tag !== undefined) out.tag = tag;
  if (digest !== undefined) out.digest = digest;
  return out;
}

/** docker.io/library/ for bare names, docker.io/ for user repos (reference.ParseNormalizedNamed). */
export function normalizedRepository(image: string): string {
  const { name } = splitImage(image);
  const slash = name.indexOf('/');
  if (slash < 0) return `docker.io/library/${name}`;
  const first = name.slice(0, slash);
  if (first.includes('.') || first.includes(':') || first === 'localhost') return name;
  return `docker.io/${name}`;
}

/** The image as containerd reports it in status.containerStatuses[].image. */
export function normalizedImage(image: string): string {
  const { tag, digest } = splitImage(image);
  const repo = normalizedRepository(image);
  if (digest) return `${repo}@${digest}`;
  return `${repo}:${tag ?? 'latest'}`;
}

const imageIDs = new Map<string, string>();
const IMAGE_ID_CACHE_MAX = 10_000;

/** status.containerStatuses[].imageID: "docker.io/library/web@sha256:<64 hex>". */
export function imageID(image: string): string {
  let id = imageIDs.get(image);
  if (id === undefined) {
    const { digest } = splitImage(image);
    const sha = digest ?? `sha256:${createHash('sha256').update(`kreplay-image\0${normalizedImage(image)}`).digest('hex')}`;
    id = `${normalizedRepository(image)}@${sha}`;
    if (imageIDs.size >= IMAGE_ID_CACHE_MAX) imageIDs.clear();
    imageIDs.set(image, id);
  }
  return id;
}

// ---------------------------------------------------------------- messages (v1.28 wording)

export const alreadyPresentMessage = (image: string): string => `Container image "${image}" already present on machine`;
export const pullingMessage = (image: string): string => `Pulling image "${image}"`;
/** v1.28: "in %v (%v including waiting)"; the image size suffix came in v1.30. */
export const pulledMessage = (image: string, seconds: number): string =>
  `Successfully pulled image "${image}" in ${formatDuration(seconds)} (${formatDuration(seconds)} including waiting)`;
export const backOffPullingMessage = (image: string): string => `Back-off pulling image "${image}"`;
export const neverPullMessage = (image: string): string => `Container image "${image}" is not present with pull policy of Never`;

/**
 * The pull error (the waiting message of ErrImagePull): what containerd 1.7 answers for a tag the
 * registry does not have. One fixed text — the simulator has no registries to fail differently.
 */
export function pullErrorText(image: string): string {
  const ref = normalizedImage(image);
  return `rpc error: code = NotFound desc = failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": ${ref}: not found`;
}

export const failedToPullMessage = (image: string): string => `Failed to pull image "${image}": ${pullErrorText(image)}`;
