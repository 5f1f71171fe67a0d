/**
 * Sending without holding up the show: a latest-frame slot between the show's loop and each output's own sender
 * thread, the sockets it sends on, and the one-line reporting of a receiver's trouble.
 */
package dev.doitlive.pixels.send;
