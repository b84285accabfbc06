package io.jbroker.logger;

/** The file format a {@link LogDirectoryWriter} writes. */
public enum LogOutput {
    /** Zeek's default ASCII logs: {@code #} header, tab-separated values, {@code #close} footer. */
    TSV,
    /** Zeek's JSON logs ({@code LogAscii::use_json=T}): one object per line, no header. */
    JSON
}
