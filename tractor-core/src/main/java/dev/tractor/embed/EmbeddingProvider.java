package dev.tractor.embed;

import dev.tractor.ActorRuntime;
import dev.tractor.ActorUid;
import dev.tractor.Address;
import dev.tractor.TractorConfig;
import java.util.List;

/**
 * What {@link Embedding} delegates to, found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.tractor.embed.EmbeddingProvider}); the core registers the one implementation.
 */
public interface EmbeddingProvider {

    /** See {@link Embedding#openRoot}. */
    ActorRuntime openRoot(TractorConfig config, RuntimeSetup setup);

    /** See {@link Embedding#openChild}. */
    ActorRuntime openChild(TractorConfig config, ActorUid uid, Address parent, RuntimeSetup setup);

    /** See {@link Embedding#warmUp}. */
    void warmUp();

    /** See {@link Embedding#describe}. */
    List<FunctionInfo> describe(FunctionSource source);
}
