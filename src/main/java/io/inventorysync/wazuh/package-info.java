/**
 * The transport of a real Wazuh manager ({@code wazuh-manager-transport.md}): the service subscribes to the router
 * broker of modulesd over Unix stream sockets ({@link io.inventorysync.wazuh.RouterSubscription}, started by a route
 * {@code from("wazuh-router:inventory-states")}), and answers agents with datagrams to remoted's
 * {@code queue/sockets/ar} ({@link io.inventorysync.wazuh.RemotedResponder}). Both run on Netty's native epoll
 * transport: the JDK has Unix stream sockets but no Unix datagram sockets.
 */
package io.inventorysync.wazuh;
