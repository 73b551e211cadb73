/**
 * The expression language (CEL) shared by routing's {@code when:} conditions and the migration plan's
 * validations and mappings: one set of functions and options, compiled when a file is loaded, errors with line
 * and column. Start at {@code ExpressionLanguage}. Depends on nothing else of Strangler's.
 */
package dev.strangler.expression;
