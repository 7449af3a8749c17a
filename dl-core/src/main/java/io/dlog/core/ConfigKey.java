package io.dlog.core;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One configuration key: its name, type, default, unit and meaning, declared once (see {@link DLConfigKeys}).
 *
 * @param <T> the value type
 * @param name the key as written in {@code conf/dlog.conf}
 * @param type the value type
 * @param defaultValue the value when the key is absent
 * @param unit the unit ("ms", "bytes", "count", "" for none)
 * @param doc what the key means
 * @param parser turns the text form into a value (throws IllegalArgumentException on bad input)
 * @param check accepts the valid values
 * @param rule describes the valid values, for error messages
 */
public record ConfigKey<T>(String name, Class<T> type, T defaultValue, String unit, String doc,
        Function<String, T> parser, Predicate<T> check, String rule) {

    /** Validates the declaration. */
    public ConfigKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(parser, "parser");
        Objects.requireNonNull(check, "check");
    }

    /**
     * Declares a long-valued key.
     *
     * @param name the key
     * @param def the default
     * @param unit the unit
     * @param rule the valid values in words
     * @param check the valid values
     * @param doc the meaning
     * @return the key
     */
    public static ConfigKey<Long> ofLong(String name, long def, String unit, String rule, Predicate<Long> check,
            String doc) {
        return new ConfigKey<>(name, Long.class, def, unit, doc, s -> Long.parseLong(s.trim()), check, rule);
    }

    /**
     * Declares an int-valued key.
     *
     * @param name the key
     * @param def the default
     * @param unit the unit
     * @param rule the valid values in words
     * @param check the valid values
     * @param doc the meaning
     * @return the key
     */
    public static ConfigKey<Integer> ofInt(String name, int def, String unit, String rule,
            Predicate<Integer> check, String doc) {
        return new ConfigKey<>(name, Integer.class, def, unit, doc, s -> Integer.parseInt(s.trim()), check, rule);
    }

    /**
     * Declares a boolean key ({@code true} or {@code false}).
     *
     * @param name the key
     * @param def the default
     * @param doc the meaning
     * @return the key
     */
    public static ConfigKey<Boolean> ofBoolean(String name, boolean def, String doc) {
        return new ConfigKey<>(name, Boolean.class, def, "", doc, ConfigKey::parseBoolean, v -> true,
                "true or false");
    }

    /**
     * Declares a string key.
     *
     * @param name the key
     * @param def the default
     * @param rule the valid values in words
     * @param check the valid values
     * @param doc the meaning
     * @return the key
     */
    public static ConfigKey<String> ofString(String name, String def, String rule, Predicate<String> check,
            String doc) {
        return new ConfigKey<>(name, String.class, def, "", doc, String::trim, check, rule);
    }

    /**
     * Parses and checks a text value.
     *
     * @param text the value as written
     * @return the typed value
     * @throws IllegalArgumentException naming the key, the value and the rule when it is invalid
     */
    public T parse(String text) {
        T value;
        try {
            value = parser.apply(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("config key " + name + ": cannot parse '" + text + "' (" + rule
                    + ")", e);
        }
        return validate(value);
    }

    /**
     * Checks a typed value.
     *
     * @param value the value
     * @return the value
     * @throws IllegalArgumentException when it breaks the rule
     */
    public T validate(T value) {
        if (value == null || !type.isInstance(value) || !check.test(value)) {
            throw new IllegalArgumentException("config key " + name + ": invalid value '" + value + "' (" + rule
                    + ")");
        }
        return value;
    }

    private static Boolean parseBoolean(String s) {
        String v = s.trim();
        if (v.equalsIgnoreCase("true")) {
            return Boolean.TRUE;
        }
        if (v.equalsIgnoreCase("false")) {
            return Boolean.FALSE;
        }
        throw new IllegalArgumentException("not a boolean: " + s);
    }
}
