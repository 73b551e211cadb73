package dev.strangler.config.file;

import dev.strangler.config.LoadResult;
import dev.strangler.config.MigrationPlan;

/** Finds the plan file that a configuration's {@code plan:} key names; the loader decides where paths start. */
@FunctionalInterface
interface PlanFiles {

    LoadResult<MigrationPlan> load(String path);
}
