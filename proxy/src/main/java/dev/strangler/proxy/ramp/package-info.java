/**
 * Automated ramps (issue 16, part 2): {@link dev.strangler.proxy.ramp.RampDriver} walks a cohort through its plan's
 * steps while {@link dev.strangler.proxy.ramp.GateCheck} finds the gates holding over the fleet's measurements
 * ({@link dev.strangler.proxy.ramp.RampMeter}); {@link dev.strangler.proxy.ramp.RampActions} is what operators do.
 */
package dev.strangler.proxy.ramp;
