/**
 * The web layer both sample systems share, so that their URL surface is identical:
 * {@link dev.strangler.demo.web.SampleApp} wires the JSON API, the HTML pages and the proxy probes over a
 * {@link dev.strangler.demo.web.CustomerStore}; {@link dev.strangler.demo.web.SampleSystem} says who answered.
 */
package dev.strangler.demo.web;
