/**
 * The router side of the service: the router frame codec (wire-protocol.md §1), the classification of inbound
 * frames, and writing responses back on the connection of a session's latest message.
 */
package io.inventorysync.router;
