/**
 * The FlatBuffers wire protocol of the agent sync sessions (wire-protocol.md §2): the verifier every
 * inbound body must pass before any field is read ({@link io.inventorysync.protocol.MessageVerifier}),
 * the builders of outbound responses ({@link io.inventorysync.protocol.Responses}) and of agent-side
 * messages for simulators and tests ({@link io.inventorysync.protocol.AgentMessages}).
 *
 * <p>The schema lives in {@code src/main/flatbuffers/sync_schema.fbs}; the Java classes in package
 * {@code Wazuh.SyncSchema} are generated from it ({@code scripts/flatc/generate.sh}) and never edited. The second
 * generation (fullsession-protocol.md: one {@code Message{FullSession}} per HTTP request) is
 * {@code fullsession.fbs}, generated into {@code Wazuh.FullSessionSchema} and verified by
 * {@link io.inventorysync.protocol.MessageVerifier#verifyFullSession}.
 * This package owns nothing about framing, sessions or indexing.
 */
package io.inventorysync.protocol;
