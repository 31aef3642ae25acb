/**
 * The second front door's HTTP layer (fullsession-protocol.md §2, §3): Wazuh 5.0's remoted posts one FlatBuffer
 * {@code Message{FullSession}} per HTTP/1.1 request on a Unix socket. This package owns the listeners, the HTTP
 * checks and limits (paths, methods, agent header, Content-Length, body cap, header cap, timeouts, the in-flight byte
 * budget), receiving the body off the heap and writing the answer; the Camel component {@code fullsession:} hands each
 * accepted request to a route as a {@link io.inventorysync.fullsession.FullSessionRequest}. Decoding and indexing
 * happen in that route, not here. Depends on {@code support} only.
 */
package io.inventorysync.fullsession;
