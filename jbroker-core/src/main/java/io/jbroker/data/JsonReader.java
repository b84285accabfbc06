package io.jbroker.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import io.jbroker.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * Parses one JSON document into a {@link JsonTree} with Jackson's streaming parser, accepting what
 * Broker's parser accepts beyond RFC 8259: raw control bytes (except NUL) and invalid UTF-8 inside
 * strings, the escape {@code \v}, and the bare token {@code nan}.
 *
 * <p>How: Jackson reads the document as ISO-8859-1 (one char per byte, so char offsets are byte
 * offsets and no byte is ever invalid); it validates the syntax and finds the tokens, and {@link
 * JsonStrings#unescape} decodes each string from the raw bytes. Jackson's non-standard-number
 * support is used for {@code nan} only: the scan below renames a bare {@code nan} to {@code NaN},
 * and a non-finite token whose raw text is not {@code nan} is rejected. Numbers are classified as
 * Broker does (see {@link JsonTree}); integer digits beyond the 64-bit range are a syntax error, as
 * in Broker. Single use, not thread-safe.
 */
final class JsonReader {
    /** Deepest JSON nesting: a table level takes 3 JSON levels (array, entry object, key object). */
    static final int MAX_JSON_DEPTH = 3 * BinaryFormat.MAX_NESTING_DEPTH + 3;

    static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
            .enable(JsonReadFeature.ALLOW_BACKSLASH_ESCAPING_ANY_CHARACTER)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_JSON_DEPTH)
                    .maxStringLength(Integer.MAX_VALUE)
                    .build())
            .streamWriteConstraints(StreamWriteConstraints.builder()
                    .maxNestingDepth(MAX_JSON_DEPTH)
                    .build())
            .build();

    private static final String UINT64_MAX = "18446744073709551615";
    private static final String INT64_MIN_ABS = "9223372036854775808";

    private final byte[] doc;

    private JsonReader(byte[] doc) {
        this.doc = doc;
    }

    /**
     * Parses exactly one JSON value filling {@code doc}.
     *
     * @throws DecodeException ({@link ErrorCode#INVALID_JSON}) if it is not one
     */
    static JsonTree parse(byte[] doc) {
        return new JsonReader(doc).parse();
    }

    private JsonTree parse() {
        char[] chars = scan();
        try (JsonParser p = FACTORY.createParser(chars)) {
            JsonTree root = read(p);
            if (root == null) {
                throw invalid(doc.length, "empty input");
            }
            if (p.nextToken() != null) {
                throw invalid(offset(p), "trailing characters after the value");
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            long at = loc == null ? -1 : loc.getCharOffset();
            throw new DecodeException(ErrorCode.INVALID_JSON, at, reason(e));
        } catch (IOException e) {
            throw new DecodeException(ErrorCode.INVALID_JSON, -1, String.valueOf(e.getMessage()));
        }
    }

    /** Jackson names its own settings where a location's source would be: {@code [Source: ...; line: 1, ...]}. */
    private static final java.util.regex.Pattern SOURCE_LOCATION =
            java.util.regex.Pattern.compile("\\[Source: .*?; (line: \\d+, column: \\d+)\\]");

    /** Jackson's message without the parser's internals (the redacted source and its feature flag). */
    private static String reason(JsonProcessingException e) {
        String m = String.valueOf(e.getOriginalMessage());
        return SOURCE_LOCATION.matcher(m).replaceAll("$1");
    }

    /**
     * Copies the bytes to chars one to one, rejects raw NUL bytes (Broker's parser treats NUL as
     * the end of input) and renames each bare {@code nan} outside strings to {@code NaN}.
     */
    private char[] scan() {
        char[] chars = new char[doc.length];
        boolean inString = false;
        for (int i = 0; i < doc.length; i++) {
            int b = doc[i] & 0xFF;
            chars[i] = (char) b;
            if (b == 0) {
                throw invalid(i, "NUL byte");
            }
            if (inString) {
                if (b == '\\' && i + 1 < doc.length) {
                    i++;
                    chars[i] = (char) (doc[i] & 0xFF);
                    if (doc[i] == 0) {
                        throw invalid(i, "NUL byte");
                    }
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == 'n' && isBareNan(i)) {
                chars[i] = 'N';
                chars[i + 1] = 'a';
                chars[i + 2] = 'N';
                i += 2;
            }
        }
        return chars;
    }

    private boolean isBareNan(int i) {
        return i + 2 < doc.length
                && doc[i + 1] == 'a'
                && doc[i + 2] == 'n'
                && (i == 0 || !isWordChar(doc[i - 1]))
                && (i + 3 == doc.length || !isWordChar(doc[i + 3]));
    }

    private static boolean isWordChar(byte b) {
        return Character.isLetterOrDigit(b) || b == '-' || b == '+' || b == '.' || b == '_' || b < 0;
    }

    /** Builds the tree iteratively (no recursion, so depth is limited only by Jackson's bound). */
    private JsonTree read(JsonParser p) throws IOException {
        ArrayDeque<JsonTree> open = new ArrayDeque<>();
        String name = null;
        JsonToken t;
        while ((t = p.nextToken()) != null) {
            long at = offset(p);
            JsonTree node;
            switch (t) {
                case START_OBJECT:
                    node = JsonTree.object(at);
                    attach(open, name, node);
                    open.push(node);
                    continue;
                case START_ARRAY:
                    node = JsonTree.array(at);
                    attach(open, name, node);
                    open.push(node);
                    continue;
                case END_OBJECT:
                case END_ARRAY:
                    node = open.pop();
                    if (open.isEmpty()) {
                        return node;
                    }
                    continue;
                case FIELD_NAME:
                    name = new String(JsonStrings.unescape(doc, (int) at), StandardCharsets.ISO_8859_1);
                    continue;
                case VALUE_STRING:
                    node = JsonTree.string(at, JsonStrings.unescape(doc, (int) at));
                    break;
                case VALUE_NUMBER_INT:
                    node = integer(at, p.getText());
                    break;
                case VALUE_NUMBER_FLOAT:
                    node = real(at, p);
                    break;
                case VALUE_TRUE:
                    node = JsonTree.bool(at, true);
                    break;
                case VALUE_FALSE:
                    node = JsonTree.bool(at, false);
                    break;
                case VALUE_NULL:
                    node = JsonTree.nul(at);
                    break;
                default:
                    throw invalid(at, "unexpected token " + t);
            }
            if (open.isEmpty()) {
                return node;
            }
            attach(open, name, node);
        }
        return null;
    }

    private static void attach(ArrayDeque<JsonTree> open, String name, JsonTree node) {
        JsonTree parent = open.peek();
        if (parent == null) {
            return;
        }
        if (parent.names != null) {
            parent.names.add(name);
        }
        parent.items.add(node);
    }

    private JsonTree integer(long at, String text) {
        boolean negative = text.startsWith("-");
        checkIntegerPart(at, text, negative);
        if (negative) {
            return JsonTree.integer(at, Long.parseLong(text), false);
        }
        long bits = Long.parseUnsignedLong(text);
        return JsonTree.integer(at, bits, bits < 0);
    }

    private JsonTree real(long at, JsonParser p) throws IOException {
        if (p.isNaN()) {
            if (doc[(int) at] != 'n') {
                throw invalid(at, "non-finite number " + p.getText() + " (only bare nan is accepted)");
            }
            return JsonTree.real(at, Double.NaN);
        }
        String text = p.getText();
        checkIntegerPart(at, text, text.startsWith("-"));
        return JsonTree.real(at, Double.parseDouble(text));
    }

    /** Broker reads the digits before any fraction or exponent as a 64-bit integer first. */
    private static void checkIntegerPart(long at, String text, boolean negative) {
        int start = negative ? 1 : 0;
        int end = start;
        while (end < text.length() && text.charAt(end) >= '0' && text.charAt(end) <= '9') {
            end++;
        }
        while (start < end - 1 && text.charAt(start) == '0') {
            start++;
        }
        String digits = text.substring(start, end);
        String limit = negative ? INT64_MIN_ABS : UINT64_MAX;
        if (digits.length() > limit.length() || (digits.length() == limit.length() && digits.compareTo(limit) > 0)) {
            throw invalid(at, "integer digits out of 64-bit range: " + (negative ? "-" : "") + digits);
        }
    }

    private static long offset(JsonParser p) {
        return p.currentTokenLocation().getCharOffset();
    }

    private static DecodeException invalid(long at, String reason) {
        return new DecodeException(ErrorCode.INVALID_JSON, at, reason);
    }
}
