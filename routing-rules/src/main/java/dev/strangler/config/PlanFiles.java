package dev.strangler.config;

/** Finds the plan file that a configuration's {@code plan:} key names; the loader decides where paths start. */
@FunctionalInterface
interface PlanFiles {

    LoadResult<MigrationPlan> load(String path);
}
