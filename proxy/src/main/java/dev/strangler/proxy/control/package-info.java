/**
 * The control plane shared by every instance: {@link dev.strangler.proxy.control.ControlPlane} holds
 * {@link dev.strangler.proxy.control.ControlChannel} (LISTEN/NOTIFY on the migrator's
 * {@link dev.strangler.migrator.RolloutStore} plus a periodic re-read),
 * {@link dev.strangler.proxy.control.RuntimeRollout} (the runtime percentages applied to the routing table) and
 * {@link dev.strangler.proxy.control.ConfigReloader} (the watched configuration file).
 */
package dev.strangler.proxy.control;
