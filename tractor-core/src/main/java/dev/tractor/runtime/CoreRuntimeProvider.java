package dev.tractor.runtime;

import dev.tractor.ActorRuntime;
import dev.tractor.ActorUid;
import dev.tractor.Address;
import dev.tractor.Portal;
import dev.tractor.RuntimeProvider;
import dev.tractor.TractorConfig;
import dev.tractor.embed.EmbeddingProvider;
import dev.tractor.embed.FunctionInfo;
import dev.tractor.embed.FunctionSource;
import dev.tractor.embed.RuntimeSetup;
import java.util.ArrayList;
import java.util.List;

/** The core runtime behind {@link dev.tractor.Tractor} and {@link dev.tractor.embed.Embedding}. */
public final class CoreRuntimeProvider implements RuntimeProvider, EmbeddingProvider {

    @Override
    public ActorRuntime openRoot(TractorConfig config) {
        return Actor.openRoot(config, RuntimeSetup.defaults());
    }

    @Override
    public ActorRuntime current() {
        return Actor.current();
    }

    @Override
    public Portal caller() {
        return Actor.callerPortal();
    }

    @Override
    public ActorRuntime openRoot(TractorConfig config, RuntimeSetup setup) {
        return Actor.openRoot(config, setup);
    }

    @Override
    public ActorRuntime openChild(TractorConfig config, ActorUid uid, Address parent, RuntimeSetup setup) {
        return Actor.openChild(config, uid, parent, setup);
    }

    @Override
    public void warmUp() {
        WarmUp.run();
    }

    @Override
    public List<FunctionInfo> describe(FunctionSource source) {
        NamespaceRegistry table = new NamespaceRegistry();
        source.exposeTo(table);
        List<FunctionInfo> described = new ArrayList<>();
        for (FunctionSpec spec : table.all()) {
            List<FunctionInfo.Parameter> params = new ArrayList<>();
            for (int i = 0; i < spec.paramNames().size(); i++) {
                params.add(new FunctionInfo.Parameter(spec.paramNames().get(i), spec.paramTypes().get(i).toCanonical()));
            }
            described.add(new FunctionInfo(spec.ns(), spec.name(), spec.target(), spec.kind().wireName(), params));
        }
        return described;
    }
}
