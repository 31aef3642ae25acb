/**
 * Simulated Wazuh agents speaking the sync protocol through router connections: one agent ({@link SimulatedAgent}, for
 * tests), realistic inventories ({@link SimulatedInventory}) and many agents at once ({@link Simulation}, the
 * {@code Simulate} command). The second generation's side of remoted: {@code Message{FullSession}} bodies
 * ({@link FullSessionMessages}), the HTTP request to the FullSession door ({@link FullSessionClient}) and one agent's
 * sync as such requests ({@link FullSessionAgent}). For tests, demos and benchmarks.
 */
package io.inventorysync.simulator;
