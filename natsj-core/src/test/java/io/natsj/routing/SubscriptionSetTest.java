package io.natsj.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** SubscriptionSet against an identity set, across the switch from scanning to indexed lookup. */
class SubscriptionSetTest {

    @Property(tries = 300)
    void behavesLikeAnIdentitySet(@ForAll @Size(max = 400) List<@IntRange(min = -40, max = 39) Integer> ops) {
        Subscriber owner = new Subscriber() { };
        List<Subscription> pool = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            pool.add(new Subscription(owner, "s", null, Integer.toString(i)));
        }
        SubscriptionSet set = new SubscriptionSet();
        Set<Subscription> ref = Reference.identitySet();
        for (int op : ops) {
            if (op >= 0) {
                Subscription s = pool.get(op);
                assertEquals(ref.add(s), set.add(s), "add");
            } else {
                Subscription s = pool.get(-op - 1);
                assertEquals(ref.remove(s), set.remove(s), "remove");
            }
            assertEquals(ref.size(), set.size());
            Subscription[] copy = new Subscription[set.size() + 2];
            set.copyTo(copy, 1);
            Set<Subscription> copied = Reference.identitySet();
            for (int i = 1; i <= set.size(); i++) {
                copied.add(copy[i]);
            }
            assertEquals(ref, copied);
        }
    }
}
