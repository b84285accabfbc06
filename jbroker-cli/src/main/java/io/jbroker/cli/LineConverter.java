package io.jbroker.cli;

import io.jbroker.BrokerException;
import io.jbroker.data.DecodeException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Runs a conversion over each line of the input and writes its results to standard output as raw
 * bytes. Surrounding whitespace is trimmed and blank lines are skipped. A line that fails is reported
 * on standard error as {@code line N: error at offset O: reason} and the next line is processed.
 */
final class LineConverter {
    /** Converts one line; reports bad input by throwing {@link DecodeException}. */
    @FunctionalInterface
    interface Conversion {
        /**
         * Converts the trimmed bytes {@code line[start, end)} and writes the result to {@code out}
         * only after the whole line converted. Offsets in a thrown DecodeException are reported as
         * they are.
         */
        void convert(byte[] line, int start, int end, OutputStream out) throws IOException;
    }

    private LineConverter() {}

    /** Converts every line; returns exit status 0 if all lines converted, else 1. */
    static int run(InputOption input, Streams streams, Conversion conversion) throws IOException {
        OutputStream out = new BufferedOutputStream(streams.out(), 64 * 1024);
        PrintStream err = new PrintStream(streams.err(), true, StandardCharsets.UTF_8);
        InputStream in = input.open(streams);
        int failures = 0;
        try {
            LineReader lines = new LineReader(in);
            long number = 0;
            while (lines.next()) {
                number++;
                String error = convertLine(lines, conversion, out);
                if (error != null) {
                    failures++;
                    out.flush();
                    err.print("line " + number + ": " + error + "\n");
                }
            }
        } finally {
            out.flush();
            if (!input.isStandardInput()) {
                in.close();
            }
        }
        return failures == 0 ? 0 : 1;
    }

    /** Converts one line; returns null on success or the error text. */
    private static String convertLine(LineReader lines, Conversion conversion, OutputStream out) throws IOException {
        if (lines.isOverlong()) {
            return "error at offset " + LineReader.MAX_LINE_BYTES + ": line longer than " + LineReader.MAX_LINE_BYTES
                    + " bytes";
        }
        byte[] line = lines.bytes();
        int start = 0;
        int end = lines.length();
        while (start < end && isSpace(line[start])) {
            start++;
        }
        while (end > start && isSpace(line[end - 1])) {
            end--;
        }
        if (start == end) {
            return null;
        }
        try {
            conversion.convert(line, start, end, out);
            return null;
        } catch (DecodeException e) {
            return "error at offset " + e.offset() + ": " + e.reason();
        } catch (BrokerException e) {
            return "error: " + e.getMessage();
        }
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n' || b == 0x0b || b == '\f';
    }
}
