package io.natsj.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SubjectTransformTest {
    @Test
    void movesWildcardsAsNatsServer() {
        assertEquals("rp.a.b.c", SubjectTransform.of(">", "rp.>").match("a.b.c"));
        assertEquals("a.b", SubjectTransform.of(">", ">").match("a.b"));
        assertEquals("out.y.x", SubjectTransform.of("in.*.*", "out.$2.$1").match("in.x.y"));
        assertEquals("out.y.x", SubjectTransform.of("in.*.*", "out.{{wildcard(2)}}.{{ Wildcard( 1 ) }}").match("in.x.y"));
        assertEquals("o.k.t.u.v", SubjectTransform.of("i.*.>", "o.$1.>").match("i.k.t.u.v"));
        assertEquals("fixed", SubjectTransform.of("a.b", "fixed").match("a.b"));
        assertEquals("o.$x", SubjectTransform.of("i.*", "o.$x.$1").match("i.q").substring(0, 4));
        assertNull(SubjectTransform.of("in.*.*", "out.$2.$1").match("in.x"));
        assertNull(SubjectTransform.of("a.>", "b.>").match("c.d"));
    }

    @Test
    void refusesWhatNatsServerRefuses() {
        assertThrows(IllegalArgumentException.class, () -> SubjectTransform.of("r.*.>", "rp.>")); // $1 unused
        assertThrows(IllegalArgumentException.class, () -> SubjectTransform.of("a.*", "b.*")); // '*' in dest
        assertThrows(IllegalArgumentException.class, () -> SubjectTransform.of("a.>", "b.c")); // '>' on one side
        assertThrows(IllegalArgumentException.class, () -> SubjectTransform.of("a.*", "b.$2"));
        assertThrows(IllegalArgumentException.class, () -> SubjectTransform.of("a.*", "b.{{partition(3,1)}}"));
        assertThrows(IllegalArgumentException.class, () -> SubjectTransform.of("a.*", "b.{{wildcard()}}"));
        assertThrows(IllegalArgumentException.class, () -> SubjectTransform.of("a..b", "c"));
    }
}
