/**
 * Reading {@code strangler.yaml} and plan files: {@code ConfigLoader} (files in, a {@code LoadResult} of a
 * {@code StranglerConfig} out) is the front door and the only class of the module that touches the file system;
 * {@code StranglerConfig} is the whole file, its sections {@code config}'s model and its routing {@code rules}'
 * compiled route rules, cohorts and identity extractors ({@code routingTable()} builds the table). The YAML
 * internals ({@code YamlTree}, {@code YamlNode}, {@code ConfigNode}, {@code EnvironmentSubstitution}, the
 * {@code *Reader}s) are package-private.
 */
package dev.strangler.config.file;
