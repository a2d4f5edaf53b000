package vigil.server.persistence;

import vigil.rdb.RdbFormatException;
import vigil.rdb.RdbVisitor;
import vigil.server.config.EncodingLimits;
import vigil.server.types.hash.HashValue;
import vigil.server.types.list.ListValue;
import vigil.server.types.set.SetValue;
import vigil.server.types.zset.ZSetValue;

import java.io.IOException;

/**
 * Builds one node value from the RDB visitor's element events, through the types' own mutators,
 * so the result has the encoding the commands would have given it (packed while it fits the
 * configured limits, converted past them), whatever encoding the file used. Used by the file
 * loader, RESTORE and the replica's full-sync payload loader. {@link #take} returns the finished
 * value, or null for an empty collection (Redis drops those).
 */
public final class ValueBuilder implements RdbVisitor {
    private final EncodingLimits limits;
    private Object value;
    private RdbVisitor.Kind kind;
    private boolean done;

    public ValueBuilder(EncodingLimits limits) {
        this.limits = limits;
    }

    @Override
    public void string(byte[] key, long expireMs, byte[] v) {
        value = v;
        done = true;
    }

    @Override
    public void beginKey(Kind kind, byte[] key, long expireMs, long sizeHint) {
        this.kind = kind;
        this.value = null;
        this.done = false;
    }

    @Override
    public void listElement(byte[] element) {
        if (value == null) value = new ListValue();
        ((ListValue) value).push(limits, element, false);
    }

    @Override
    public void setMember(byte[] member) {
        if (value == null) value = SetValue.forMember(limits, member);
        ((SetValue) value).add(limits, member);
    }

    @Override
    public void hashField(byte[] field, byte[] v) {
        if (value == null) value = new HashValue();
        ((HashValue) value).set(limits, field, v);
    }

    @Override
    public void zsetMember(byte[] member, double score) throws IOException {
        if (Double.isNaN(score)) throw new RdbFormatException(0, "sorted set with a NaN score");
        if (value == null) value = ZSetValue.forFirstMember(limits, member);
        ZSetValue z = (ZSetValue) value;
        double old = z.score(member);
        if (Double.isNaN(old)) z.insert(limits, member, score);
        else if (old != score) z.update(member, old, score);
    }

    @Override
    public void endKey() {
        done = true;
    }

    /** The value built since the last take (null for an empty collection); resets the builder. */
    public Object take() {
        Object v = done ? value : null;
        value = null;
        kind = null;
        done = false;
        return v;
    }
}
