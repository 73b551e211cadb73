/**
 * The model of {@code strangler.yaml}'s sections and of the migration plan: immutable, validated records
 * ({@code ServerConfig}, {@code UpstreamsConfig}, {@code AdminConfig}, {@code MigrationPlan} with its
 * {@code EntityPlan}s, {@code RampPlan}, {@code Percent}, {@code DatabaseUrl}, ...) and the load result with its
 * errors ({@code LoadResult}, {@code ConfigError}). Start at {@code MigrationPlan} and {@code LoadResult}.
 *
 * <p>Dependencies point one way: {@code rules} uses this model (a cohort's {@code Percent}), and
 * {@code config.file} reads the file into it; the model uses neither, only {@code expression} for the plan's
 * compiled expressions.
 */
package dev.strangler.config;
