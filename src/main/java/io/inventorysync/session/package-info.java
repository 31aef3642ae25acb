/**
 * Sync sessions: admission of {@code Start} (behaviour.md §1), the open sessions and their item quota.
 */
package io.inventorysync.session;
