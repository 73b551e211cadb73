/**
 * The control plane shared by every instance: {@link dev.strangler.proxy.control.RolloutStore} (runtime
 * percentages in the state database), {@link dev.strangler.proxy.control.ControlChannel} (LISTEN/NOTIFY plus a
 * periodic re-read) and {@link dev.strangler.proxy.control.ConfigReloader} (the watched configuration file).
 */
package dev.strangler.proxy.control;
