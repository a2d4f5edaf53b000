package vigil.server.config;

import java.util.List;
import java.util.function.Supplier;

/**
 * One configuration directive: how to parse it (conf line, command line or CONFIG SET), how to
 * show it (CONFIG GET) and rewrite it (CONFIG REWRITE), and whether it may change at runtime.
 */
public final class ConfigParam {
    /** Parses and stores the arguments; throws with Redis's reason text when they are bad. */
    public interface Setter {
        void set(List<String> args) throws ConfigValueException;
    }

    /** Runs after a CONFIG SET stored new values (rebind, resize ...); returns an error text or null. */
    public interface Applier {
        String apply();
    }

    /** How CONFIG REWRITE writes a standard directive. */
    enum Style {
        /** The CONFIG GET text as is (numbers, yes/no, enums). */
        PLAIN,
        /** Numbers as 64mb / 1gb / 3000 (rewriteConfigFormatMemory). */
        MEMORY,
        /** sdscatrepr-quoted string. */
        QUOTED,
        /** Quoted string; an empty value is "no value" and removes the line. */
        QUOTED_OR_ABSENT,
        /** The directive writes its own lines (save, bind, replicaof, client-output-buffer-limit ...). */
        CUSTOM
    }

    /** Writes a CUSTOM directive's lines into a rewrite. */
    interface Rewriter {
        void rewrite(ConfigRewrite state);
    }

    public final String name;
    public final List<String> aliases;
    Setter setter;
    final Supplier<String> getter;
    final String defaultValue;
    boolean mutable = true;
    boolean isProtected;   // CONFIG SET only with enable-protected-configs (dir, dbfilename)
    boolean multiArg;      // several arguments; one argument with spaces is split (--save "900 1")
    boolean ignored;       // accepted and shown, documented as having no effect in Vigil
    boolean sensitive;     // hidden from logs (requirepass, masterauth)
    boolean hidden;        // Redis's HIDDEN_CONFIG: CONFIG GET shows it by exact name only, never for a pattern
    Style style = Style.PLAIN;
    Rewriter rewriter;
    Applier applier;

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

    ConfigParam protectedConfig() {
        isProtected = true;
        return this;
    }

    ConfigParam multiArg() {
        multiArg = true;
        return this;
    }

    public ConfigParam ignored() {
        ignored = true;
        return this;
    }

    /** Redis's HIDDEN_CONFIG (key-load-delay ...): CONFIG GET answers its exact name, patterns skip it. */
    public ConfigParam hidden() {
        hidden = true;
        return this;
    }

    public boolean isHidden() {
        return hidden;
    }

    public ConfigParam sensitive() {
        sensitive = true;
        return this;
    }

    ConfigParam style(Style s) {
        style = s;
        return this;
    }

    ConfigParam rewriter(Rewriter r) {
        style = Style.CUSTOM;
        rewriter = r;
        return this;
    }

    /** Code that must act on a runtime change (the listener for port/bind, ...) sets this. */
    public ConfigParam onApply(Applier a) {
        applier = a;
        return this;
    }

    public boolean isMutable() {
        return mutable;
    }

    public boolean isIgnored() {
        return ignored;
    }

    public boolean isMultiArg() {
        return multiArg;
    }

    /** CONFIG SET changes it only with enable-protected-configs (dir, dbfilename). */
    public boolean isProtected() {
        return isProtected;
    }

    /** What must act on a runtime change, or null. */
    public Applier applier() {
        return applier;
    }

    /** The value as CONFIG GET shows it. */
    public String get() {
        return getter.get();
    }

    public String defaultValue() {
        return defaultValue;
    }

    public void set(List<String> args) throws ConfigValueException {
        setter.set(args);
    }
}
