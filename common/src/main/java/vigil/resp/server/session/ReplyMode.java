package vigil.resp.server.session;

/** CLIENT REPLY's modes: every reply sent, none sent, or the next command's reply dropped. */
public enum ReplyMode { ON, OFF, SKIP }
