package vigil.resp.server.dispatch;

import vigil.resp.server.command.CommandSpec;
import vigil.resp.server.command.Replies;
import vigil.resp.server.session.Session;

/**
 * A RESP2 client with subscriptions may only run (P|S)SUBSCRIBE, (P|S)UNSUBSCRIBE, PING, QUIT
 * and RESET (Redis 7.0's processCommand); RESP3 clients may run anything.
 */
public final class PubSubContextRule<S extends Session> implements AdmissionRule<S> {
    @Override
    public String name() {
        return "pubsub-context";
    }

    @Override
    public String check(S session, CommandSpec<S> cmd, byte[][] argv) {
        if (!session.inPubSubContext() || allowed(cmd.topName())) return null;
        return Replies.notInPubSubContext(cmd);
    }

    private static boolean allowed(String name) {
        return switch (name) {
            case "subscribe", "ssubscribe", "unsubscribe", "sunsubscribe", "psubscribe", "punsubscribe",
                 "ping", "quit", "reset" -> true;
            default -> false;
        };
    }
}
