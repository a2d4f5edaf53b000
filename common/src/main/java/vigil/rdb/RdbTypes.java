package vigil.rdb;

/** The type bytes and opcodes of RDB version 10 (rdb.h in Redis 7.0). */
final class RdbTypes {
    static final int VERSION = 10;

    static final int STRING = 0;
    static final int LIST = 1;
    static final int SET = 2;
    static final int ZSET = 3;
    static final int HASH = 4;
    static final int ZSET_2 = 5;
    static final int MODULE_PRE_GA = 6;
    static final int MODULE_2 = 7;
    static final int HASH_ZIPMAP = 9;
    static final int LIST_ZIPLIST = 10;
    static final int SET_INTSET = 11;
    static final int ZSET_ZIPLIST = 12;
    static final int HASH_ZIPLIST = 13;
    static final int LIST_QUICKLIST = 14;
    static final int STREAM_LISTPACKS = 15;
    static final int HASH_LISTPACK = 16;
    static final int ZSET_LISTPACK = 17;
    static final int LIST_QUICKLIST_2 = 18;
    static final int STREAM_LISTPACKS_2 = 19;

    static final int OP_FUNCTION2 = 245;
    static final int OP_FUNCTION_PRE_GA = 246;
    static final int OP_MODULE_AUX = 247;
    static final int OP_IDLE = 248;
    static final int OP_FREQ = 249;
    static final int OP_AUX = 250;
    static final int OP_RESIZEDB = 251;
    static final int OP_EXPIRETIME_MS = 252;
    static final int OP_EXPIRETIME = 253;
    static final int OP_SELECTDB = 254;
    static final int OP_EOF = 255;

    static final int QUICKLIST_NODE_PLAIN = 1;
    static final int QUICKLIST_NODE_PACKED = 2;

    private RdbTypes() {
    }

    static String name(int type) {
        return switch (type) {
            case STRING -> "string";
            case LIST, LIST_ZIPLIST, LIST_QUICKLIST, LIST_QUICKLIST_2 -> "list";
            case SET, SET_INTSET -> "set";
            case ZSET, ZSET_2, ZSET_ZIPLIST, ZSET_LISTPACK -> "zset";
            case HASH, HASH_ZIPMAP, HASH_ZIPLIST, HASH_LISTPACK -> "hash";
            case MODULE_PRE_GA, MODULE_2 -> "module";
            case STREAM_LISTPACKS, STREAM_LISTPACKS_2 -> "stream";
            default -> "unknown";
        };
    }
}
