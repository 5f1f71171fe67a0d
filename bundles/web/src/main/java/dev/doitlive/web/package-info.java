/**
 * The stage: a page served by the runtime (Felix HTTP on Jetty 12, through the OSGi Servlet Whiteboard) that shows
 * every refreshable, its state, loops, events and the show's strip live, and calls the same {@code LiveRuntime}
 * service as the shell. Every request passes {@link dev.doitlive.web.Gate}: the token printed in the banner.
 */
package dev.doitlive.web;
