package io.inventorysync.support;

/**
 * A setting the service cannot start with: a missing or malformed file, a refused value. The message names the
 * file or value and says what is wrong, so it can be shown to an operator as it is.
 */
public class ConfigurationException extends RuntimeException {
    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
