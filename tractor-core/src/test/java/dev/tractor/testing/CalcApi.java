package dev.tractor.testing;

import dev.tractor.ActorNamespace;

/** The typed view of {@link Calc} for {@code portal.proxy(CalcApi.class)}. */
@ActorNamespace("calc")
public interface CalcApi {

    int square(int x);

    int add(int a, int b);
}
