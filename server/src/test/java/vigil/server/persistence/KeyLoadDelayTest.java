package vigil.server.persistence;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** key-load-delay's debugDelay rule, stepped with a fake random and a recording sleep. */
class KeyLoadDelayTest {
    private final AtomicInteger setting = new AtomicInteger();
    private final List<Long> slept = new ArrayList<>();
    private final List<Long> asked = new ArrayList<>();
    private long nextRandom;
    private final KeyLoadDelay delay = new KeyLoadDelay(setting::get, n -> {
        asked.add(n);
        return nextRandom;
    }, slept::add);

    @Test
    void zeroNeverSleeps() {
        delay.afterKey();
        assertEquals(List.of(), slept);
        assertEquals(List.of(), asked);
    }

    @Test
    void aPositiveValueSleepsThatManyMicrosecondsPerKey() {
        setting.set(250);
        delay.afterKey();
        delay.afterKey();
        assertEquals(List.of(250L, 250L), slept);
    }

    @Test
    void minusNSleepsOneMicrosecondWhenTheDrawIsZero() {
        setting.set(-4);
        nextRandom = 3;
        delay.afterKey();
        assertEquals(List.of(), slept);
        nextRandom = 0;
        delay.afterKey();
        assertEquals(List.of(1L), slept);
        assertEquals(List.of(4L, 4L), asked);
    }

    @Test
    void theSettingIsReadForEveryKey() {
        setting.set(10);
        delay.afterKey();
        setting.set(0);
        delay.afterKey();
        assertEquals(List.of(10L), slept);
    }

    @Test
    void intMinDoesNotOverflow() {
        setting.set(Integer.MIN_VALUE);
        nextRandom = 0;
        delay.afterKey();
        assertEquals(List.of(2147483648L), asked);
        assertEquals(List.of(1L), slept);
    }
}
