package vigil.sentinel.core;

/**
 * The hello message sentinels publish on {@code __sentinel__:hello}:
 * {@code <ip>,<port>,<runid>,<current epoch>,<master name>,<master ip>,<master port>,<master config epoch>}.
 */
public record Hello(String ip, int port, String runId, long currentEpoch,
                    String masterName, String masterIp, int masterPort, long masterConfigEpoch) {

    public String format() {
        return ip + "," + port + "," + runId + "," + currentEpoch + "," + masterName + ","
                + masterIp + "," + masterPort + "," + masterConfigEpoch;
    }

    /** Null when the payload is not a well-formed hello (Redis ignores those). */
    public static Hello parse(String payload) {
        String[] p = payload.split(",", -1);
        if (p.length != 8) {
            return null;
        }
        try {
            return new Hello(p[0], Integer.parseInt(p[1]), p[2], Long.parseLong(p[3]),
                    p[4], p[5], Integer.parseInt(p[6]), Long.parseLong(p[7]));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
