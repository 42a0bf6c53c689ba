// The scenario format (../shared/design/SCENARIOS.md, a contract) as typed values, after loading
// and validation. Times are whole seconds (ticks).
import type { Behavior, ClusterSettings, Json, KObject, KubeletConfig, MetricSeries, Taint } from '../api/types.js';
import type { MetricSeriesId, MetricValue } from '../metrics/series.js';
import type { SourceDoc, Path } from './yaml.js';

export interface NodeTemplate {
  name: string;
  cpu: string;
  memory: string;
  pods: number;
  ephemeralStorage: string;
  labels: Record<string, string>;
  taints: Taint[];
  unschedulable: boolean;
  /** the node's kubelet configuration (cluster.kubelet, then the node's own kubelet:) */
  kubelet: KubeletConfig;
}

/** A manifest and where it came from (for line numbers in admission errors). */
export interface Manifest {
  object: KObject;
  source: SourceDoc;
  path: Path;
  /** "manifests/web.yaml" as written (relative to the scenario), or the scenario file for inline */
  file: string;
}

export type Comparison = {
  equals?: Json;
  min?: number;
  max?: number;
  exists?: boolean;
  /** event checks: the messages of the matching events, in order, one glob each (`*` = anything) */
  sequence?: string[];
};

export type Check =
  | { kind: 'object'; ref: string; path: string; cmp: Comparison }
  | { kind: 'count'; count: { kind: string; namespace?: string; selector?: Record<string, string>; phase?: string }; cmp: Comparison }
  | { kind: 'event'; event: { reason?: string; type?: string; object?: string; message?: string }; cmp: Comparison };

export interface Expectation {
  mode: 'at' | 'always' | 'by';
  /** at: the tick; by: the deadline */
  at?: number;
  from?: number;
  to?: number;
  check: Check;
  /** human text: "at 1m: deployment/web status.availableReplicas = 3" */
  label: string;
  line: number | undefined;
}

interface StepBase {
  at: number;
  index: number;
  line: number | undefined;
  allowError: boolean;
}

export type Step = StepBase & (
  | { kind: 'kubectl'; command: string; output?: string[]; contains?: string[] }
  | { kind: 'apply'; manifests: Manifest[] }
  | { kind: 'delete'; target: string }
  /** ready: the kubelet runs (true) or stops (false); reportReady: a running kubelet reports Ready or NotReady */
  | { kind: 'node'; name: string; ready?: boolean; reportReady?: boolean }
  | { kind: 'usage'; selector: Record<string, string>; cpu?: string; memory?: string }
  | { kind: 'load'; selector: Record<string, string>; cpu?: string; memory?: string }
  /** a custom or external metric's value from this step on (a point added to its series) */
  | { kind: 'metric'; metric: MetricSeriesId; value: MetricValue }
  | { kind: 'expect'; expectation: Expectation }
);

export interface Scenario {
  name: string;
  description: string;
  seed: number;
  durationSeconds: number;
  start: string;
  /** the scenario file as given, and its folder */
  file: string;
  dir: string;
  nodes: NodeTemplate[];
  namespaces: string[];
  settings: ClusterSettings;
  objects: Manifest[];
  behaviors: Behavior[];
  /** the `metrics:` section: custom and external metric series (SimConfig.spec.metrics) */
  metrics: MetricSeries[];
  timeline: Step[];
  expectations: Expectation[];
}
