package io.paddock.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a node is configured from: an optional file and the command-line flags that override it.
 *
 * <p>The file is either Paddock JSON or a ZooKeeper {@code zoo.cfg}; {@link ConfigLoader} tells
 * them apart by content, not by name. Flag keys are the kebab-case forms of {@link NodeConfig}
 * component names ({@code client-port}, {@code client-address}, {@code data-dir},
 * {@code tick-ms}, and likewise for every other setting, plus {@code id} for {@code server-id}),
 * with or without leading dashes; their values are the text the user typed. This record only carries input: nothing is read until
 * {@link ConfigLoader#load(ConfigSource)}.
 *
 * @param file the configuration file, or null for none
 * @param flags flag name to value; unmodifiable, no null keys or values
 */
public record ConfigSource(Path file, Map<String, String> flags) {

    public ConfigSource {
        flags = Map.copyOf(Objects.requireNonNull(flags, "flags"));
    }

    /** No file and no flags: every setting takes its default. */
    public static ConfigSource none() {
        return new ConfigSource(null, Map.of());
    }

    public static ConfigSource ofFile(Path file) {
        return new ConfigSource(Objects.requireNonNull(file, "file"), Map.of());
    }

    public static ConfigSource ofFlags(Map<String, String> flags) {
        return new ConfigSource(null, flags);
    }

    public Optional<Path> fileIfAny() {
        return Optional.ofNullable(file);
    }
}
