/**
 * The control plane shared by every instance: {@link dev.strangler.proxy.control.ControlPlane} holds
 * {@link dev.strangler.proxy.control.ControlChannel} (LISTEN/NOTIFY on the migrator's
 * {@link dev.strangler.migrator.RolloutStore} plus a periodic re-read; what it keeps in step is
 * {@link dev.strangler.proxy.control.SharedSettings}, the percentages, stages and tokens every instance applies alike,
 * and {@link dev.strangler.proxy.control.KnownUsers}, what this instance remembers of users; the fleet's registry and
 * barrier are {@link dev.strangler.proxy.control.FleetMembership}),
 * {@link dev.strangler.proxy.control.RuntimeRollout} (the runtime percentages applied to the routing table) and
 * {@link dev.strangler.proxy.control.ConfigReloader} (the watched configuration file).
 */
package dev.strangler.proxy.control;
