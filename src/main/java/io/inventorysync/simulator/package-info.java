/**
 * Simulated Wazuh agents speaking the sync protocol through router connections: one agent ({@link SimulatedAgent}, for
 * tests), realistic inventories ({@link SimulatedInventory}) and many agents at once ({@link Simulation}, the
 * {@code Simulate} command). For tests, demos and benchmarks.
 */
package io.inventorysync.simulator;
