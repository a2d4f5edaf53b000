package vigil.resp;

import java.nio.charset.StandardCharsets;

/**
 * A command as a client, a replica or a master sends it: argv as a RESP array of bulk strings
 * ({@code *N\r\n$len\r\narg\r\n...}). The one encoder for requests; replies go through
 * {@link RespWriter}.
 */
public final class RespCommand {
    private RespCommand() {
    }

    /** argv encoded into a new array of exactly {@link #length} bytes. */
    public static byte[] encode(byte[]... argv) {
        byte[] out = new byte[length(argv)];
        write(argv, out, 0);
        return out;
    }

    /** The arguments as UTF-8, encoded. */
    public static byte[] encode(String... args) {
        byte[][] argv = new byte[args.length][];
        for (int i = 0; i < args.length; i++) argv[i] = args[i].getBytes(StandardCharsets.UTF_8);
        return encode(argv);
    }

    /** The encoded size of argv. */
    public static int length(byte[][] argv) {
        int n = 3 + digits(argv.length);
        for (byte[] a : argv) n += 5 + digits(a.length) + a.length;
        return n;
    }

    /** Writes argv at {@code dst[off]}, which must have {@link #length} bytes free; returns the end offset. */
    public static int write(byte[][] argv, byte[] dst, int off) {
        off = header(dst, off, '*', argv.length);
        for (byte[] a : argv) {
            off = header(dst, off, '$', a.length);
            System.arraycopy(a, 0, dst, off, a.length);
            off += a.length;
            dst[off++] = '\r';
            dst[off++] = '\n';
        }
        return off;
    }

    private static int header(byte[] dst, int off, char type, int n) {
        dst[off++] = (byte) type;
        int d = digits(n);
        for (int i = off + d - 1; i >= off; i--) {
            dst[i] = (byte) ('0' + n % 10);
            n /= 10;
        }
        off += d;
        dst[off++] = '\r';
        dst[off++] = '\n';
        return off;
    }

    private static int digits(int n) {
        int d = 1;
        while (n >= 10) {
            n /= 10;
            d++;
        }
        return d;
    }
}
