package io.revertiq.deploy;

import io.revertiq.engine.synthetic.SyntheticMarket.PlantedCell;
import io.revertiq.ingest.provider.BarProvider;
import io.revertiq.ingest.provider.FileProvider;
import io.revertiq.ingest.provider.PolygonConfig;
import io.revertiq.ingest.provider.PolygonProvider;
import io.revertiq.ingest.provider.SyntheticProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where bars come from, chosen at start-up: {@code polygon}, {@code files} or {@code synthetic}. */
public record ProviderChoice(Kind kind, Path filesDir, long seed, List<PlantedCell> planted) {
    public enum Kind { POLYGON, FILES, SYNTHETIC }

    private static final List<String> DAYS = List.of("MON", "TUE", "WED", "THU", "FRI");
    private static final Pattern PLANT = Pattern.compile("(MON|TUE|WED|THU|FRI)@(\\d{2}):(\\d{2})-(\\d{2}):(\\d{2})=([0-9.]+)");

    public ProviderChoice {
        if (kind == Kind.FILES && (filesDir == null || !Files.isDirectory(filesDir))) {
            throw new IllegalArgumentException("--provider files needs --data-dir DIR, an existing folder of "
                    + "{TICKER}.csv, .csv.gz or .parquet files (got " + filesDir + ")");
        }
        planted = List.copyOf(planted);
    }

    /** {@code TUE@10:00-11:00=0.3}: a planted mean-reverting cell of the synthetic market and its strength. */
    public static PlantedCell parsePlant(String text) {
        Matcher m = PLANT.matcher(text.toUpperCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("--plant must look like TUE@10:00-11:00=0.3, got '" + text + "'");
        }
        int start = Integer.parseInt(m.group(2)) * 60 + Integer.parseInt(m.group(3));
        int end = Integer.parseInt(m.group(4)) * 60 + Integer.parseInt(m.group(5));
        double strength = Double.parseDouble(m.group(6));
        if (end <= start || strength <= 0 || strength >= 1) {
            throw new IllegalArgumentException("--plant needs start < end and 0 < strength < 1, got '" + text + "'");
        }
        return new PlantedCell(DAYS.indexOf(m.group(1)) + 1, start, end, strength);
    }

    public static List<PlantedCell> parsePlants(List<String> texts) {
        List<PlantedCell> out = new ArrayList<>();
        texts.forEach(t -> out.add(parsePlant(t)));
        return out;
    }

    public BarProvider create(Map<String, String> environment) {
        return switch (kind) {
            case POLYGON -> {
                PolygonConfig config = PolygonConfig.fromEnv(environment);
                if (config.apiKey() == null || config.apiKey().isBlank()) {
                    throw new IllegalArgumentException("--provider polygon needs the API key in POLYGON_API_KEY");
                }
                yield new PolygonProvider(config);
            }
            case FILES -> new FileProvider(filesDir);
            case SYNTHETIC -> new SyntheticProvider(seed, planted);
        };
    }
}
