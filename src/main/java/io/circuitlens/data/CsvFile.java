package io.circuitlens.data;

import io.circuitlens.common.CircuitLensException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A UTF-8 CSV file read record by record (RFC 4180, see {@link CsvReader}), with every error turned into a one-line
 * message naming the file and line. The pairs reader and the task loaders share it.
 */
public final class CsvFile {
    private final Path file;
    private final CsvReader reader;

    private CsvFile(Path file, CsvReader reader) {
        this.file = file;
        this.reader = reader;
    }

    public static CsvFile open(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CircuitLensException(file + ": file not found");
        } catch (IOException e) {
            throw new CircuitLensException(file + ": cannot read (" + e.getMessage() + ")");
        }
        return new CsvFile(file, new CsvReader(CsvText.decodeUtf8(file, bytes)));
    }

    /** The next record, or null at the end; {@code where} names it in a syntax error ("header", "row 3"). */
    public CsvRecord next(String where) {
        try {
            return reader.next();
        } catch (CsvSyntaxException e) {
            throw new CircuitLensException(file + ": " + where + " (line " + e.line() + "): " + e.getMessage());
        }
    }
}
