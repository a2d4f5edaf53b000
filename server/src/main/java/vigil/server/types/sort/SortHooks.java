package vigil.server.types.sort;

import vigil.server.config.EncodingLimits;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The points where SORT meets the list and hash types, which live in other packages
 * (vigil.server.types.list / hash). They are plain function slots so SORT compiles and works
 * for sets and sorted sets without them.
 * The list and hash packages set them when they register their commands:
 * {@code listElements} (a list value's elements head to tail, or null when the value is not a
 * list), {@code newList} (a list value holding the given elements within the node's encoding limits, for STORE) and
 * {@code hashField} (a hash value's field, null when absent or not a hash).
 */
public final class SortHooks {
    private SortHooks() {
    }

    public static volatile Function<Object, List<byte[]>> listElements = v -> null;
    public static volatile BiFunction<EncodingLimits, List<byte[]>, Object> newList = null;
    public static volatile BiFunction<Object, byte[], byte[]> hashField = (v, f) -> null;
}
