package io.paddock.config;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@link ConfigLoader#load(ConfigSource)}: a valid {@link NodeConfig}, or every
 * error found. Both carry the warnings, which the caller logs; this package has no logger.
 *
 * <p>User mistakes are values here, never exceptions, so a caller can print them all and exit
 * with a usage status. Messages are single lines that name the key and the bad value.
 * Invariant: {@link Failed#errors()} is never empty; lists are unmodifiable.
 */
public sealed interface LoadResult permits LoadResult.Loaded, LoadResult.Failed {

    /** Problems that did not stop loading: ignored or unknown keys, values raised to a minimum. */
    List<String> warnings();

    /** Errors that stopped loading; empty exactly when this is {@link Loaded}. */
    List<String> errors();

    /** The configuration was valid. */
    record Loaded(NodeConfig config, List<String> warnings) implements LoadResult {
        public Loaded {
            Objects.requireNonNull(config, "config");
            warnings = List.copyOf(warnings);
        }

        @Override
        public List<String> errors() {
            return List.of();
        }
    }

    /** The configuration had at least one error; no {@link NodeConfig} is offered. */
    record Failed(List<String> errors, List<String> warnings) implements LoadResult {
        public Failed {
            errors = List.copyOf(errors);
            warnings = List.copyOf(warnings);
            if (errors.isEmpty()) throw new IllegalArgumentException("a failed load needs at least one error");
        }
    }
}
