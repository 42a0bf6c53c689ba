// Resource-name rules of core validation (IsStandardResourceName, IsStandardContainerResourceName,
// IsNativeResource, IsExtendedResourceName, ValidateContainerResourceName), shared by the pod
// validation and the HPA's ContainerResource metrics.
import { fieldErr, type FieldError, type GoValue } from './errors.js';
import { isQualifiedName } from './names.js';

export const STANDARD_CONTAINER_RESOURCES: ReadonlySet<string> = new Set(['cpu', 'memory', 'ephemeral-storage']);
export const STANDARD_RESOURCES: ReadonlySet<string> = new Set([
  'cpu', 'memory', 'ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.ephemeral-storage', 'limits.cpu',
  'limits.memory', 'limits.ephemeral-storage', 'pods', 'services', 'replicationcontrollers', 'resourcequotas', 'secrets',
  'configmaps', 'persistentvolumeclaims', 'storage', 'requests.storage', 'services.nodeports', 'services.loadbalancers',
]);
export const isHugePages = (n: string): boolean => n.startsWith('hugepages-');
export const isQuotaHugePages = (n: string): boolean => n.startsWith('hugepages-') || n.startsWith('requests.hugepages-');
export const isNative = (n: string): boolean => !n.includes('/') || n.includes('kubernetes.io/');
export const isExtended = (n: string): boolean => !isNative(n) && !n.startsWith('requests.') && isQualifiedName(`requests.${n}`).length === 0;

/**
 * ValidateContainerResourceName. The internal core validation (pods) prints the value as a
 * ResourceName and accepts hugepages- as standard; core/v1's (the HPA's) prints a quoted string
 * and accepts the quota's requests.hugepages- too — the two flavours differ only in those.
 */
export function validateContainerResourceName(name: string, fldPath: string, o: { print: (s: string) => GoValue; quotaHugePages: boolean }): FieldError[] {
  const errs = isQualifiedName(name).map((msg) => fieldErr.invalid(fldPath, o.print(name), msg));
  if (errs.length > 0) return errs;
  if (!name.includes('/')) {
    const huge = o.quotaHugePages ? isQuotaHugePages(name) : isHugePages(name);
    if (!STANDARD_RESOURCES.has(name) && !huge) errs.push(fieldErr.invalid(fldPath, o.print(name), 'must be a standard resource type or fully qualified'));
    if (!STANDARD_CONTAINER_RESOURCES.has(name) && !isHugePages(name)) errs.push(fieldErr.invalid(fldPath, o.print(name), 'must be a standard resource for containers'));
  } else if (!isNative(name) && !isExtended(name)) {
    errs.push(fieldErr.invalid(fldPath, o.print(name), "doesn't follow extended resource name standard"));
  }
  return errs;
}
