// Public surface of the network impairment engine (re-exported by the library entry).
export { openTcpProxy, type TcpProxyOptions } from './backends/embedded-tcp.ts';
export {
  openUdpProxy,
  type ProxyListener,
  type SessionCounts,
  type UdpProxyOptions,
} from './backends/embedded-udp.ts';
export { BusyPoll } from './busy-poll.ts';
export { Chain, type ChainControl, type ChainOptions } from './chain.ts';
export { applyPatch, EMPTY_STATE, type LinkState, toLinkConfig, validateConfig } from './config.ts';
export { expectedLossRate } from './impairments/loss.ts';
export { type ChangeRecord, LinkModel, type LinkModelOptions, type Session } from './link.ts';
export { type Address, isLoopback } from './loopback.ts';
export { Network, type NetworkOptions, type NetworkSeries, type OpenLinkOptions } from './network.ts';
export {
  BUILT_IN_PROFILE_NAMES,
  type BuiltInProfileName,
  builtInProfiles,
  ProfileBook,
  type ProfileName,
} from './profiles.ts';
export { getImpairment, impairmentTypes, normalizeStage, registerImpairment } from './registry.ts';
export { ManualScheduler, PreciseScheduler, type PreciseSchedulerOptions } from './scheduler.ts';
export { DirectionRecorder, type SeriesPoint } from './stats.ts';
export type * from './types.ts';
export { CANONICAL_ORDER } from './types.ts';
