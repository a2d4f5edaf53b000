package vigil.sentinel.link;

import vigil.sentinel.core.Target;

/** What an {@link InstanceLink} reports, always on the sentinel's event-loop context. */
public interface LinkListener {
    /** Both connections (command and, where used, pub/sub) are connected. */
    void onLinkUp(Target t);

    /** One of the connections was lost (it is being re-established). */
    void onLinkDown(Target t);

    /** A PING reply: valid for +PONG, -LOADING, -MASTERDOWN; busy for -BUSY. */
    void onPingReply(Target t, boolean valid, boolean busy);

    void onInfo(Target t, String info);

    /** A message on {@code __sentinel__:hello}. */
    void onHello(Target t, String payload);
}
