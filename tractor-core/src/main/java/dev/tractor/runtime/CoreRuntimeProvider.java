package dev.tractor.runtime;

import dev.tractor.ActorRuntime;
import dev.tractor.Portal;
import dev.tractor.TractorConfig;
import dev.tractor.spawn.JvmSpawnBackend;
import dev.tractor.RuntimeProvider;

/** The core runtime behind {@link dev.tractor.Tractor}: roots whose children are plain child JVMs. */
public final class CoreRuntimeProvider implements RuntimeProvider {

    @Override
    public ActorRuntime openRoot(TractorConfig config) {
        return Actor.openRoot(config, new JvmSpawnBackend(), registry -> { });
    }

    @Override
    public ActorRuntime current() {
        return Actor.current();
    }

    @Override
    public Portal caller() {
        return Actor.callerPortal();
    }
}
