package io.inventorysync.indexer;

import io.inventorysync.support.ConfigurationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code -----BEGIN X-----} blocks of a PEM file, decoded. Text around the blocks is ignored. */
final class Pem {
    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----\\s*(.*?)-----END \\1-----", Pattern.DOTALL);

    /** One decoded block: its label ("CERTIFICATE", "PRIVATE KEY"...) and DER bytes. */
    record Block(String label, byte[] der) {}

    private Pem() {}

    static List<Block> read(Path file, String what) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new ConfigurationException(what + " file " + file + " not found");
        } catch (IOException e) {
            throw new ConfigurationException(what + " file " + file + " cannot be read: " + e, e);
        }
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            if (m.group(2).contains("Proc-Type:")) {
                throw new ConfigurationException(what + " file " + file + " is encrypted (not supported)");
            }
            try {
                blocks.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException(
                        what + " file " + file + " has a corrupt PEM block (" + m.group(1) + "): " + e.getMessage(), e);
            }
        }
        if (blocks.isEmpty()) {
            throw new ConfigurationException(what + " file " + file + " holds no PEM block (-----BEGIN ...-----)");
        }
        return blocks;
    }
}
