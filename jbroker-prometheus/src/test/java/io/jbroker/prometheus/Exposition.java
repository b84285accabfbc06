package io.jbroker.prometheus;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format (version 0.0.4), for tests: the
 * Prometheus Java client has writers but no parser. Rejects anything the format does not allow:
 * unknown comment forms, a sample before or outside its family's {@code # TYPE}, a family declared
 * twice, bad names, bad escapes, bad values, duplicate samples.
 */
final class Exposition {
    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    record Sample(String name, Map<String, String> labels, double value) {}

    record Family(String name, String type, String help, List<Sample> samples) {
        /** The value of the sample with exactly these labels, or NaN if there is none. */
        double value(Map<String, String> labels) {
            for (Sample s : samples) {
                if (s.name().equals(name) && s.labels().equals(labels)) {
                    return s.value();
                }
            }
            return Double.NaN;
        }

        /** The value of the first sample (whose labels match {@code filter}'s entries). */
        double valueWhere(String label, String value) {
            for (Sample s : samples) {
                if (value.equals(s.labels().get(label))) {
                    return s.value();
                }
            }
            return Double.NaN;
        }
    }

    final Map<String, Family> families = new LinkedHashMap<>();

    static Exposition parse(String text) {
        Exposition e = new Exposition();
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new IllegalArgumentException("exposition does not end with a line feed");
        }
        Map<String, String> helps = new TreeMap<>();
        Family current = null;
        Set<String> seen = new HashSet<>();
        int lineNo = 0;
        for (String line : text.split("\n", -1)) {
            lineNo++;
            if (line.isEmpty()) {
                continue; // the split's last element, or a blank line (allowed)
            }
            String where = "line " + lineNo + ": " + line;
            if (line.startsWith("# HELP ")) {
                String rest = line.substring(7);
                int sp = rest.indexOf(' ');
                String name = sp < 0 ? rest : rest.substring(0, sp);
                require(METRIC_NAME.matcher(name).matches(), "bad metric name", where);
                require(helps.put(name, sp < 0 ? "" : rest.substring(sp + 1)) == null, "HELP twice", where);
            } else if (line.startsWith("# TYPE ")) {
                String[] parts = line.substring(7).split(" ");
                require(parts.length == 2, "TYPE needs a name and a type", where);
                require(METRIC_NAME.matcher(parts[0]).matches(), "bad metric name", where);
                require(TYPES.contains(parts[1]), "unknown type", where);
                require(!e.families.containsKey(parts[0]), "TYPE twice", where);
                current = new Family(parts[0], parts[1], helps.getOrDefault(parts[0], ""), new ArrayList<>());
                e.families.put(parts[0], current);
            } else if (line.startsWith("#")) {
                throw new IllegalArgumentException("unexpected comment, " + where);
            } else {
                Sample s = sample(line, where);
                require(current != null, "sample before any TYPE", where);
                require(belongs(s.name(), current), "sample outside its family " + current.name(), where);
                require(seen.add(s.name() + s.labels()), "duplicate sample", where);
                current.samples().add(s);
            }
        }
        for (String h : helps.keySet()) {
            require(e.families.containsKey(h), "HELP without TYPE", h);
        }
        return e;
    }

    private static boolean belongs(String sample, Family f) {
        if (sample.equals(f.name())) {
            return true;
        }
        if (f.type().equals("summary") || f.type().equals("histogram")) {
            for (String suffix : List.of("_sum", "_count", "_bucket")) {
                if (sample.equals(f.name() + suffix)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Sample sample(String line, String where) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
            i++;
        }
        String name = line.substring(0, i);
        require(METRIC_NAME.matcher(name).matches(), "bad metric name", where);
        Map<String, String> labels = new TreeMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (true) {
                require(i < line.length(), "unterminated labels", where);
                if (line.charAt(i) == '}') {
                    i++;
                    break;
                }
                int eq = line.indexOf('=', i);
                require(eq > i, "label without '='", where);
                String label = line.substring(i, eq);
                require(LABEL_NAME.matcher(label).matches(), "bad label name '" + label + "'", where);
                i = eq + 1;
                require(i < line.length() && line.charAt(i) == '"', "label value not quoted", where);
                i++;
                StringBuilder v = new StringBuilder();
                while (true) {
                    require(i < line.length(), "unterminated label value", where);
                    char c = line.charAt(i++);
                    if (c == '"') {
                        break;
                    }
                    if (c == '\\') {
                        require(i < line.length(), "dangling escape", where);
                        char n = line.charAt(i++);
                        if (n == 'n') {
                            v.append('\n');
                        } else if (n == '\\' || n == '"') {
                            v.append(n);
                        } else {
                            throw new IllegalArgumentException("bad escape \\" + n + ", " + where);
                        }
                    } else {
                        v.append(c);
                    }
                }
                require(labels.put(label, v.toString()) == null, "label twice", where);
                require(i < line.length(), "unterminated labels", where);
                if (line.charAt(i) == ',') {
                    i++;
                } else {
                    require(line.charAt(i) == '}', "expected ',' or '}'", where);
                }
            }
        }
        require(i < line.length() && line.charAt(i) == ' ', "no space before the value", where);
        String[] rest = line.substring(i + 1).split(" ");
        require(rest.length == 1 || rest.length == 2, "value and optional timestamp expected", where);
        double value = value(rest[0], where);
        if (rest.length == 2) {
            try {
                Long.parseLong(rest[1]);
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("bad timestamp, " + where);
            }
        }
        return new Sample(name, Map.copyOf(labels), value);
    }

    private static double value(String text, String where) {
        switch (text) {
            case "+Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            case "NaN":
                return Double.NaN;
            default:
                require(text.matches("[-+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?"), "bad value", where);
                return Double.parseDouble(text);
        }
    }

    private static void require(boolean ok, String what, String where) {
        if (!ok) {
            throw new IllegalArgumentException(what + ", " + where);
        }
    }
}
