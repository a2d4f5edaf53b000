package vigil.server.config;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One configuration directive: how to parse it (from a conf line or CONFIG SET), how to show it
 * (CONFIG GET, CONFIG REWRITE) and whether it may change at runtime.
 */
public final class ConfigParam {
    /** Parses and applies the arguments; throws with Redis's reason text when they are bad. */
    public interface Setter {
        void set(List<String> args, boolean startup) throws ConfigValueException;
    }

    public final String name;
    public final List<String> aliases;
    final Setter setter;
    final Supplier<String> getter;
    final String defaultValue;
    boolean mutable = true;
    boolean multiLine;     // repeated lines accumulate (save, client-output-buffer-limit ...)
    boolean ignored;       // accepted and documented as having no effect in Vigil
    boolean sensitive;     // hidden from logs (requirepass, masterauth)
    Consumer<ConfigParam> onChange;

    ConfigParam(String name, List<String> aliases, Setter setter, Supplier<String> getter, String defaultValue) {
        this.name = name;
        this.aliases = aliases;
        this.setter = setter;
        this.getter = getter;
        this.defaultValue = defaultValue;
    }

    public ConfigParam immutable() {
        mutable = false;
        return this;
    }

    public ConfigParam multiLine() {
        multiLine = true;
        return this;
    }

    public ConfigParam ignored() {
        ignored = true;
        return this;
    }

    public ConfigParam sensitive() {
        sensitive = true;
        return this;
    }

    public ConfigParam onChange(Consumer<ConfigParam> listener) {
        onChange = listener;
        return this;
    }

    public boolean isMutable() {
        return mutable;
    }

    public boolean isIgnored() {
        return ignored;
    }

    public boolean isMultiLine() {
        return multiLine;
    }

    /** The value as CONFIG GET shows it. */
    public String get() {
        return getter.get();
    }

    public String defaultValue() {
        return defaultValue;
    }

    public void set(List<String> args, boolean startup) throws ConfigValueException {
        setter.set(args, startup);
        if (onChange != null) onChange.accept(this);
    }
}
