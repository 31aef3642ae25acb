package io.inventorysync.protocol;

/** An inbound FlatBuffers body that failed verification; the whole buffer must be refused. */
public final class InvalidMessageException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int offset;

    /**
     * @param reason what failed
     * @param offset byte offset of the failing item, relative to the start of the FlatBuffer
     */
    public InvalidMessageException(String reason, int offset) {
        // No stack trace: refusals of hostile input are expected and must stay cheap; the message says it all.
        super(reason + " (at offset " + offset + ")", null, false, false);
        this.offset = offset;
    }

    /** Byte offset of the failing item, relative to the start of the FlatBuffer (the buffer's position). */
    public int offset() {
        return offset;
    }
}
