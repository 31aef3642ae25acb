/** A simulated Wazuh agent speaking the sync protocol through a router connection: for tests, demos and benchmarks. */
package io.inventorysync.simulator;
