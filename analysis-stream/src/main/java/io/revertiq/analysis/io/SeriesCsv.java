package io.revertiq.analysis.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain numeric series from a CSV file with a header: one value column and, optionally, a session column
 * whose value changes mark a new session.
 */
public record SeriesCsv(double[] values, int[] sessionId) {

    /**
     * @param column        the value column; null picks {@code x}, or the only column of a one-column file
     * @param sessionColumn null when the whole series is one session
     */
    public static SeriesCsv read(Path file, String column, String sessionColumn) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null) {
                throw new BarFileException(file, 1, "the file is empty");
            }
            List<String> names = Arrays.stream(header.split(",", -1)).map(String::trim).toList();
            int valueIndex = columnIndex(file, names, column != null ? column
                    : names.contains("x") || names.size() != 1 ? "x" : names.get(0));
            int sessionIndex = sessionColumn == null ? -1 : columnIndex(file, names, sessionColumn);
            List<Double> values = new ArrayList<>();
            List<Integer> sessions = new ArrayList<>();
            String previousSession = null;
            int session = 0;
            String line;
            int lineNo = 1;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.split(",", -1);
                if (cells.length != names.size()) {
                    throw new BarFileException(file, lineNo, "expected " + names.size() + " columns, found " + cells.length);
                }
                double v;
                try {
                    v = Double.parseDouble(cells[valueIndex].trim());
                } catch (NumberFormatException e) {
                    throw new BarFileException(file, lineNo, "column " + names.get(valueIndex) + " is not a number: '"
                            + cells[valueIndex].trim() + "'");
                }
                if (!Double.isFinite(v)) {
                    throw new BarFileException(file, lineNo, "column " + names.get(valueIndex) + " is not finite");
                }
                if (sessionIndex >= 0) {
                    String s = cells[sessionIndex].trim();
                    if (previousSession != null && !previousSession.equals(s)) {
                        session++;
                    }
                    previousSession = s;
                }
                values.add(v);
                sessions.add(session);
            }
            if (values.size() < 20) {
                throw new BarFileException(file, lineNo, "a series needs at least 20 values, found " + values.size());
            }
            return new SeriesCsv(values.stream().mapToDouble(Double::doubleValue).toArray(),
                    sessions.stream().mapToInt(Integer::intValue).toArray());
        }
    }

    private static int columnIndex(Path file, List<String> names, String column) throws BarFileException {
        int index = names.indexOf(column);
        if (index < 0) {
            throw new BarFileException(file, 1, "no column '" + column + "' in the header " + names
                    + " (choose one with --column / --session-column)");
        }
        return index;
    }
}
