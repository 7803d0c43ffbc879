package dev.tractor.demo;

import dev.tractor.ActorFunction;
import dev.tractor.ActorNamespace;

/** Plain functions: one request, one answer. */
@ActorNamespace("calc")
public class Calc implements CalcApi {

    @Override
    @ActorFunction
    public int square(int x) {
        return x * x;
    }

    @ActorFunction
    public int divide(int a, int b) {
        return a / b;
    }
}
